import { pathToFileURL } from 'node:url';
import { DatasetError } from './dataset.ts';

/** Where a command writes and which environment it reads: the process's, or a test's. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

/** An eval command: its arguments (without node and the script) to an exit code. */
export type Command = (args: string[], io: CommandIo) => Promise<number>;

/**
 * Run a command to its exit code: any failure is 1, a malformed dataset with one line naming the
 * file and line instead of a stack trace. Tests call this in process.
 */
export async function runCommand(command: Command, args: string[], io: CommandIo): Promise<number> {
  try {
    return await command(args, io);
  } catch (err) {
    io.err(`${err instanceof DatasetError ? `Malformed dataset: ${err.message}` : (err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}

/** Whether the module at `moduleUrl` (its `import.meta.url`) is the script node was started with, not an import (a test's). */
export function isScript(moduleUrl: string): boolean {
  return moduleUrl === pathToFileURL(process.argv[1] ?? '').href;
}

/** A command as a script's main: exits with its code when that is not 0. */
export function runCliMain(command: Command): void {
  void runCommand(command, process.argv.slice(2), processIo).then((code) => {
    if (code !== 0) process.exit(code);
  });
}

/** Run a command in process with the given environment; its exit code and what it wrote. For tests. */
export async function runCaptured(command: Command, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCommand(command, args, { out: (t) => { stdout += t; }, err: (t) => { stderr += t; }, env });
  return { code, stdout, stderr };
}
