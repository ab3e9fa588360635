import { open, readFile, unlink, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StartupError } from './startup-error.ts';

/** The lock file inside the data folder: who holds it, as JSON. */
export const LOCK_FILE = 'server.lock';

interface Holder { pid: number; host: string; startedAt: string }

/** A data folder held by this process until `release`. */
export interface DataFolderLock {
  readonly file: string;
  release(): Promise<void>;
}

/**
 * One server per data folder. The embedded database (PGlite) holds the whole database in the
 * process's memory and writes it back to the folder, so a second server started on the same folder
 * writes its copy over the first's: the messages the first stored are lost (two servers on one
 * folder, three chats sent to each, then both stopped: only the second one's three were left). The
 * knowledge index in the folder is rewritten by each publish the same way. So a server takes
 * `<dataDir>/server.lock` before it opens anything there, and a second one stops with an error
 * that says which process holds the folder.
 *
 * A lock left by a process that is gone (killed, crashed, the machine or container restarted) is
 * taken over: on the same host its process id no longer runs, or now names a later process. A lock
 * of another host (a folder on a shared volume) is never taken over: there is no telling whether
 * that server still runs.
 */
export async function lockDataFolder(dataDir: string): Promise<DataFolderLock> {
  await mkdir(dataDir, { recursive: true }).catch((err) => { throw unwritable(err, dataDir); });
  const file = path.join(dataDir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  // Twice at most: a stale lock is removed once, then created anew (or found taken by another starter).
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      held.add(file);
      return { file, release: () => releaseIfMine(file, me) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(err, dataDir);
    }
    const text = await readFile(file, 'utf8').catch(() => '');
    const holder = parseHolder(text);
    if (attempt === 0 && holder && holder.host === me.host && !(await stillHolds(holder, file))) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    // Unreadable (a starter is writing it this instant), alive, or on another host.
    const who = holder ? `process ${holder.pid} on ${holder.host}, since ${holder.startedAt}` : 'another process';
    throw new StartupError(
      `the data folder ${dataDir} is in use by ${who}. Stop that server first, or give this one its own folder (DATA_DIR). ` +
      `Several servers share one database through DATABASE_URL (PostgreSQL), each with its own DATA_DIR. ` +
      `If no server runs on this folder, delete ${file}.`,
    );
  }
}

/** A folder the server cannot write to, said as an operator can mend it; the error itself otherwise. */
function unwritable(err: unknown, dataDir: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (!code || !['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC', 'EEXIST'].includes(code)) return err;
  return new StartupError(`the data folder ${dataDir} cannot be written (${code}): set DATA_DIR to a folder this user can write to.`);
}

function parseHolder(text: string): Holder | undefined {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, startedAt: String(h.startedAt ?? '?') } : undefined;
  } catch {
    return undefined;
  }
}

/** The lock files this process holds now. */
const held = new Set<string>();

/**
 * Whether the process that wrote a lock of this host still runs. Its process id may have been
 * given to another process since (after a restart, a container's server is process 1 again):
 * this process itself holds the lock only if it took it, and on Linux a process that started after
 * the lock was written is another one.
 */
async function stillHolds(holder: Holder, file: string): Promise<boolean> {
  if (holder.pid === process.pid) return held.has(file);
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    // EPERM: it runs, as another user.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = await processStart(holder.pid);
  const locked = Date.parse(holder.startedAt);
  // Clock ticks make the start time coarse: a few seconds of slack.
  return started === undefined || Number.isNaN(locked) || started <= locked + 5_000;
}

/** When a process started (ms since the epoch), from Linux's /proc; undefined elsewhere. */
async function processStart(pid: number): Promise<number | undefined> {
  try {
    const [stat, system] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile('/proc/stat', 'utf8')]);
    // Fields after the command name, which may hold spaces and parentheses: the start time is the 22nd field.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(/^btime (\d+)$/m.exec(system)?.[1]);
    // USER_HZ is 100 on every Linux that Node.js runs on.
    return Number.isFinite(ticks) && boot ? boot * 1000 + (ticks / 100) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Remove the lock file if it is still this process's own (never one a later server took over). */
async function releaseIfMine(file: string, me: Holder): Promise<void> {
  const holder = parseHolder(await readFile(file, 'utf8').catch(() => ''));
  held.delete(file);
  if (holder && holder.pid === me.pid && holder.host === me.host && holder.startedAt === me.startedAt) await unlink(file).catch(() => undefined);
}
