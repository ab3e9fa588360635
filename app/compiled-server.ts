import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPO = fileURLToPath(new URL('..', import.meta.url));

/**
 * Compile the server of the checkout at `root` into `outDir` with app/build.mjs and give the
 * command that runs it as `npm start` does (app/run.sh), to spawn with `cwd: root`. The spawned
 * process becomes the server itself (its pid is the server's). A checkout from before the build
 * step (a benchmark's "before" tree) runs through tsx instead.
 */
export async function compiledServer(outDir: string, root = REPO): Promise<{ command: string; args: string[] }> {
  const builder = path.join(root, 'app', 'build.mjs');
  if (!existsSync(builder)) return { command: process.execPath, args: ['--import', 'tsx', 'app/main.ts'] };
  await promisify(execFile)(process.execPath, [builder, outDir], { cwd: root });
  return { command: 'sh', args: [path.join(root, 'app', 'run.sh'), outDir] };
}
