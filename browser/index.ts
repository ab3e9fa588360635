/**
 * browser/: the product's browser code. `shared/` holds what the web chat widget, the agent
 * console and the knowledge editor have in common (DOM building, JSON API calls, right-to-left
 * languages); this module bundles browser entry points with esbuild and serves them.
 */
import { fileURLToPath } from 'node:url';

import { scriptRoute } from './bundle.ts';

export { bundleScript, scriptRoute, type BundleOptions, type ScriptBundle } from './bundle.ts';

/** The shared browser module's entry, served as an ES module for the knowledge editor. */
export const SHARED_BROWSER_ENTRY = fileURLToPath(new URL('./shared/index.ts', import.meta.url));

/** `window.FaqDom` (`el`, `textDirection`) for the pages with plain scripts, served at /assets/dom.js. */
export const FAQ_DOM_ENTRY = fileURLToPath(new URL('./faq-dom.ts', import.meta.url));

/**
 * The GET handler of /assets/dom.js (cached for an hour), built at once; a build failure rejects `ready`.
 * @example const dom = faqDomScript(); await dom.ready; app.get('/assets/dom.js', dom.handler);
 */
export const faqDomScript = () => scriptRoute({ entry: FAQ_DOM_ENTRY, cacheControl: 'public, max-age=3600' });
