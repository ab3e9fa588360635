/**
 * Browser code is written in TypeScript and bundled by esbuild when the server starts: once per
 * process, kept in memory, served at the same URL the plain script had. Nothing is fetched from a
 * CDN and nothing is written to disk, so the browser code needs no build step of its own.
 */
import { createHash } from 'node:crypto';
import { build, stop } from 'esbuild';
import type { Request, RequestHandler, Response } from 'express';

/** One bundled script. */
export interface ScriptBundle {
  /** The JavaScript, minified, with no imports left (an IIFE or a self-contained ES module). */
  code: string;
  /** A strong ETag of the code: browsers revalidate and usually get 304. */
  etag: string;
}

/** How to bundle one entry point. */
export interface BundleOptions {
  /** Absolute path of the entry (.ts). */
  entry: string;
  /**
   * `iife` for a classic `<script>` (the widget runs on other sites' pages, where it must not
   * leak names), `esm` for a module other modules import. Default `iife`.
   */
  format?: 'iife' | 'esm';
  /** The JavaScript version the output must run in (esbuild targets). Default: ES2020, every evergreen browser since 2020. */
  target?: string[];
}

const DEFAULT_TARGET = ['es2020'];

/**
 * Bundle `entry` with everything it imports into one minified script.
 * @example const widget = await bundleScript({ entry: WIDGET_ENTRY });
 */
export async function bundleScript({ entry, format = 'iife', target = DEFAULT_TARGET }: BundleOptions): Promise<ScriptBundle> {
  const result = await build({
    entryPoints: [entry], bundle: true, write: false, format, target, minify: true,
    // Keeps the `/*!` licence-style header comments (the widget's embedding notes).
    legalComments: 'inline', charset: 'utf8', logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
}

// One build per entry and format for the whole process: several apps in one process (tests) share it.
const built = new Map<string, Promise<ScriptBundle>>();
let building = 0;

function cachedBundle(options: BundleOptions): Promise<ScriptBundle> {
  const key = `${options.format ?? 'iife'}:${options.entry}`;
  let bundle = built.get(key);
  if (!bundle) {
    building++;
    bundle = bundleScript(options);
    // esbuild's service process (about 17 MB) would otherwise live as long as the server, for
    // nothing: every bundle is built once. A later build starts a new one.
    const settled = () => { if (--building === 0) void stop(); };
    bundle.then(settled, settled);
    built.set(key, bundle);
  }
  return bundle;
}

/**
 * A GET handler serving one bundle. The build starts at once (at server start, not at the first
 * request); `ready` settles when it is done, so a broken bundle can fail the start.
 * @example
 * const widget = scriptRoute({ entry: WIDGET_ENTRY });
 * await widget.ready;
 * app.get('/webchat/widget.js', widget.handler);
 */
export function scriptRoute(options: BundleOptions & { cacheControl?: string }): { handler: RequestHandler; ready: Promise<void> } {
  const bundle = cachedBundle(options);
  // The handler awaits the same promise; a failed build must not also be an unhandled rejection.
  bundle.catch(() => {});
  const handler: RequestHandler = (req: Request, res: Response, next) => {
    bundle.then(({ code, etag }) => {
      res.setHeader('ETag', etag);
      if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', options.cacheControl ?? 'public, max-age=0');
      res.type('application/javascript; charset=utf-8');
      if (req.fresh) return void res.status(304).end();
      res.send(code);
    }, next);
  };
  return { handler, ready: bundle.then(() => undefined) };
}
