/** adapters/: one folder per channel, all of the same shape. */
export type { ChannelAdapter, ChannelCapabilities, SendResult } from './types.ts';
export { WebchatAdapter, webchat, toWire, WEBCHAT_PUBLIC_DIR, type WebchatOptions, type WireMessage } from './webchat/index.ts';
