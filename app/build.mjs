// `npm run build` (and the first step of `npm start`): the server as plain JavaScript in dist/.
//
// Why: run through tsx, the server carries tsx's module-loader threads (one for the main thread,
// one more inside the embedding worker), 20–45 MB of memory at rest, and the tsx command
// line adds a parent process of its own. Compiled once here, the server runs on plain Node.
//
// What: every code folder (a top-level folder with an index.ts, and app/) is copied to dist/
// as it is, tests left out, and each .ts file also gets a .js beside it with its relative
// imports renamed to .js. The copies keep every path the code finds next to itself: the
// browser bundles' TypeScript entries, public/ files, the sample knowledge base, the evaluation
// suites. Plain JavaScript, no dependencies but esbuild: it runs before anything is compiled.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));

/** Relative module specifiers of static imports, re-exports and dynamic imports: `from "./x.ts"`, `import("../y.ts")`. */
const RELATIVE_TS_IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.\.?\/[^"'\n]*?)\.ts\2/g;

/** The compiler options esbuild honours (class-field semantics follow the target), as the type checker and tsx read them. */
const tsconfigRaw = { compilerOptions: JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions };

function codeFolders() {
  return readdirSync(ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules' && path.join(ROOT, d.name) !== OUT)
    .map((d) => d.name)
    .filter((name) => name === 'app' || existsSync(path.join(ROOT, name, 'index.ts')));
}

function* filesUnder(dir) {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.') || d.name === 'node_modules') continue;
    const full = path.join(dir, d.name);
    if (d.isDirectory()) yield* filesUnder(full);
    else if (d.isFile() && !/\.test\.ts$/.test(d.name)) yield full;
  }
}

async function compile(source, target) {
  const { code } = await transform(readFileSync(source, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: source, tsconfigRaw });
  await writeFile(target, code.replace(RELATIVE_TS_IMPORT, '$1$2$3.js$2'));
}

async function build() {
  const started = performance.now();
  // Built beside the output and swapped in whole: no file of an earlier build is left behind.
  const staging = `${OUT}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  let compiled = 0;
  const work = [];
  for (const folder of codeFolders()) {
    for (const source of filesUnder(path.join(ROOT, folder))) {
      const target = path.join(staging, path.relative(ROOT, source));
      work.push((async () => {
        await mkdir(path.dirname(target), { recursive: true });
        await copyFile(source, target);
        if (source.endsWith('.ts') && !source.endsWith('.d.ts')) {
          await compile(source, target.slice(0, -3) + '.js');
          compiled++;
        }
      })());
    }
  }
  await Promise.all(work);
  // Node reads .js files as ES modules only under a package.json that says so.
  await writeFile(path.join(staging, 'package.json'), JSON.stringify({ type: 'module', private: true }) + '\n');
  // Built outside the checkout (the crash tests, the bench), the dependencies are not found by
  // walking up from the output: link them.
  if (path.relative(ROOT, OUT).startsWith('..')) await symlink(path.join(ROOT, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
  await rm(OUT, { recursive: true, force: true });
  await rename(staging, OUT);
  console.log(`Compiled ${compiled} TypeScript files into ${path.relative(process.cwd(), OUT) || OUT} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

build().catch((err) => {
  console.error(err);
  process.exit(1);
});
