/**
 * What the product's browser code shares: building DOM nodes, calling its JSON APIs, and the
 * right-to-left languages. Bundled into the web chat widget and the agent console, and served
 * on its own as an ES module (`/admin/shared.js`) for the knowledge editor.
 */
export { $, el, clear, type AttrValue, type Child } from './dom.ts';
export { ApiError, apiClient, requestJson, type ApiRefusal, type RequestOptions } from './api.ts';
export { RTL_LANGUAGES, dirOf, isRtl, primaryLanguage } from './rtl.ts';
