import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const exists = (file: string) => access(file).then(() => true, () => false);

/**
 * Compile the server of the checkout at `root` into `outDir` with app/build.mjs and give the
 * command that runs it as `npm start` does (app/run.sh), to spawn with `cwd: root`. The spawned
 * process becomes the server itself (its pid is the server's). A checkout from before the build
 * step (a benchmark's "before" tree) runs through tsx instead.
 */
export async function compiledServer(outDir: string, root = REPO): Promise<{ command: string; args: string[] }> {
  const builder = path.join(root, 'app', 'build.mjs');
  const runner = path.join(root, 'app', 'run.sh');
  if (!(await exists(builder))) return { command: process.execPath, args: ['--import', 'tsx', 'app/main.ts'] };
  await promisify(execFile)(process.execPath, [builder, outDir], { cwd: root });
  if (!(await exists(runner))) return { command: process.execPath, args: [path.join(outDir, 'app', 'main.js')] };
  return { command: 'sh', args: [runner, outDir] };
}
