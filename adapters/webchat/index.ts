import { fileURLToPath } from 'node:url';
export { WebchatAdapter, webchat, type WebchatOptions } from './adapter.ts';
export { toWire } from './format.ts';
export { cleanFileName, MAX_UPLOAD_BYTES, sniffUpload, WebchatUploads, webchatUploadRoute } from './uploads.ts';
export { parseFrame, toInboundEvent } from './parse.ts';
export type { ClientFrame, ServerFrame, WireMessage } from './types.ts';
export const WEBCHAT_PUBLIC_DIR = new URL('./public/', import.meta.url).pathname;
/** The widget's TypeScript entry, bundled into /webchat/widget.js. */
export const WIDGET_ENTRY = fileURLToPath(new URL('./widget/main.ts', import.meta.url));
export { widgetConfig, widgetConfigRoute, type StarterTopic, type WidgetConfig, type WidgetConfigOptions } from './widget-config.ts';
