/**
 * browser/: the product's browser code. `shared/` holds what the web chat widget, the agent
 * console and the knowledge editor have in common (DOM building, JSON API calls, right-to-left
 * languages); this module bundles browser entry points with esbuild and serves them.
 */
import { fileURLToPath } from 'node:url';

export { bundleScript, scriptRoute, type BundleOptions, type ScriptBundle } from './bundle.ts';

/** The shared browser module's entry, served as an ES module for the knowledge editor. */
export const SHARED_BROWSER_ENTRY = fileURLToPath(new URL('./shared/index.ts', import.meta.url));
