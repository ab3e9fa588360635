export { ChatApiAdapter, ChatApiEndpoint, chatApiChannel, chatApiRouter, type ChatApiOptions, type ChatApiRouterOptions } from './adapter.ts';
export { toChatResponse } from './format.ts';
export { CHAT_API_CHANNEL, parseChatRequest } from './parse.ts';
export type { ChatReply, ChatResponse } from './types.ts';
export { verifyChatRequest } from './verify.ts';
