/**
 * The real server as a child process, compiled and run as `npm start` runs it, for the load bench: its
 * own temp data folder, a warm embedding cache copied in so it starts in seconds, and its memory
 * read from /proc while it runs.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { access, copyFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledServer } from '../app/compiled-server.ts';
import { send } from './load-client.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE_FILE = 'use-lite-en-512-lc.bin';

export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident memory now, MB (from /proc; NaN once the process is gone). */
  rssMb(): Promise<number>;
  /** CPU time the process has used so far (user + system), ms: a cost per message that other load on the machine distorts less than wall time. */
  cpuMs(): Promise<number>;
  /** SIGTERM, wait for the exit, remove the data folder (unless it was given). */
  stop(): Promise<void>;
}

/** Each source tree compiled once per bench process, into a temporary folder removed at exit. */
const builds = new Map<string, ReturnType<typeof compiledServer>>();
function serverCommand(root: string): ReturnType<typeof compiledServer> {
  let command = builds.get(root);
  if (!command) {
    command = mkdtemp(path.join(os.tmpdir(), 'faqbot-bench-build-')).then((out) => {
      process.once('exit', () => rmSync(out, { recursive: true, force: true }));
      return compiledServer(path.join(out, 'dist'), root);
    });
    builds.set(root, command);
  }
  return command;
}

/**
 * Start one server on `port` with `env` on top of a quiet default. `cacheDir` holds the shared
 * embedding cache: copied in before the start, and copied back when it grew (a later run then
 * embeds nothing). `dataDir`: a data folder to start on and keep (a restart of an earlier
 * server), instead of a fresh one removed at the stop. `root`: the source tree to run (another
 * checkout, to compare a change before and after). Default this one.
 */
export async function startServer(options: { port: number; env?: Record<string, string>; cacheDir: string; label: string; dataDir?: string; root?: string }): Promise<ServerProcess> {
  const { port, env = {}, cacheDir, label, root = ROOT } = options;
  const dataDir = options.dataDir ?? await mkdtemp(path.join(os.tmpdir(), `faqbot-load-${label}-`));
  const cached = path.join(cacheDir, CACHE_FILE);
  await mkdir(path.join(dataDir, 'embeddings'), { recursive: true });
  // A restart keeps the cache its folder already has.
  if (await exists(cached) && !(await exists(path.join(dataDir, 'embeddings', CACHE_FILE)))) await copyFile(cached, path.join(dataDir, 'embeddings', CACHE_FILE));
  const { command, args } = await serverCommand(root);
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output = (output + d).slice(-20_000); });
  child.stderr!.on('data', (d) => { output = (output + d).slice(-20_000); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server ${label} exited (${child.exitCode}) while starting:\n${output}`);
    if ((await send({ url: `${url}/api/health` }, undefined, 2000)).status === 200) break;
    if (performance.now() - started > 300_000) {
      child.kill('SIGKILL');
      throw new Error(`server ${label} did not answer /api/health within 300 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // Keep what this start embedded for the next run (the file is append-only: larger means newer).
  const fresh = path.join(dataDir, 'embeddings', CACHE_FILE);
  if ((await size(fresh)) > (await size(cached))) {
    await mkdir(cacheDir, { recursive: true });
    await copyFile(fresh, cached);
  }
  return {
    url,
    pid: child.pid!,
    async rssMb() {
      try {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
      } catch {
        return NaN;
      }
    },
    async cpuMs() {
      try {
        // Fields 14 and 15 of /proc/<pid>/stat (after the command name in parentheses), in clock ticks of 10 ms.
        const fields = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return NaN;
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const exists = (file: string) => access(file).then(() => true, () => false);
const size = (file: string) => stat(file).then((s) => s.size, () => 0);
