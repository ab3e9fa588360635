import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDataFolder } from './data-folder-lock.ts';
import { StartupError } from './startup-error.ts';
import { tempDir } from './test-support.ts';

/** A process that runs until killed, and its id. */
function sleeper() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGKILL'); }) };
}

describe('lockDataFolder', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const folder = (name: string) => path.join(dir.dir, name);
  const lockOf = (name: string, holder: object) => writeFile(path.join(folder(name), LOCK_FILE), JSON.stringify(holder));
  const now = () => new Date().toISOString();
  beforeAll(async () => {
    dir = await tempDir('faqbot-lock-');
  });
  afterAll(async () => {
    await dir.cleanup();
  });

  it('holds a folder until released: a second holder is refused with who holds it and what to do', async () => {
    const lock = await lockDataFolder(folder('a'));
    expect(JSON.parse(await readFile(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
    const second = lockDataFolder(folder('a'));
    await expect(second).rejects.toBeInstanceOf(StartupError);
    await expect(second).rejects.toThrow(`in use by process ${process.pid} on ${os.hostname()}`);
    await expect(second).rejects.toThrow('DATA_DIR');
    await lock.release();
    await (await lockDataFolder(folder('a'))).release();
  });

  it('takes over the lock of a process that is gone', async () => {
    const gone = sleeper();
    await gone.stop();
    await lockDataFolder(folder('b')).then((l) => l.release());
    await lockOf('b', { pid: gone.pid, host: os.hostname(), startedAt: now() });
    const lock = await lockDataFolder(folder('b'));
    expect(JSON.parse(await readFile(lock.file, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock in its own process id that it did not take (a container restarted: its server is process 1 again)', async () => {
    await lockDataFolder(folder('c')).then((l) => l.release());
    await lockOf('c', { pid: process.pid, host: os.hostname(), startedAt: '2020-01-01T00:00:00.000Z' });
    await (await lockDataFolder(folder('c'))).release();
  });

  it('refuses a folder whose holder still runs, unless that process id now names a later process', async () => {
    const running = sleeper();
    try {
      await lockDataFolder(folder('d')).then((l) => l.release());
      // Written after the process started: that process is the holder.
      await lockOf('d', { pid: running.pid, host: os.hostname(), startedAt: now() });
      await expect(lockDataFolder(folder('d'))).rejects.toThrow(`in use by process ${running.pid}`);
      // Written an hour before it started: the id was given to it later (Linux tells start times).
      if (process.platform === 'linux') {
        await lockOf('d', { pid: running.pid, host: os.hostname(), startedAt: new Date(Date.now() - 3_600_000).toISOString() });
        await (await lockDataFolder(folder('d'))).release();
      }
    } finally {
      await running.stop();
    }
  });

  it('never takes over another host\'s lock, nor an unreadable one', async () => {
    await lockDataFolder(folder('e')).then((l) => l.release());
    await lockOf('e', { pid: 1, host: 'another-host', startedAt: now() });
    await expect(lockDataFolder(folder('e'))).rejects.toThrow('in use by process 1 on another-host');
    await writeFile(path.join(folder('e'), LOCK_FILE), '');
    await expect(lockDataFolder(folder('e'))).rejects.toThrow('in use by another process');
  });

  it('leaves a lock another server took over after it in place', async () => {
    const lock = await lockDataFolder(folder('f'));
    await lockOf('f', { pid: 1, host: 'another-host', startedAt: now() });
    await lock.release();
    expect(JSON.parse(await readFile(lock.file, 'utf8')).host).toBe('another-host');
  });
});

describe('lockDataFolder on a folder it cannot write', () => {
  it('says so, with what to set', async () => {
    // A path below a file: no user can make that folder.
    const dir = await tempDir('faqbot-lock-file-');
    try {
      await writeFile(path.join(dir.dir, 'a-file'), '');
      await expect(lockDataFolder(path.join(dir.dir, 'a-file', 'data'))).rejects.toThrow(/data folder .* cannot be written \(ENOTDIR\): set DATA_DIR/);
    } finally {
      await dir.cleanup();
    }
  });
});
