export { BotFrameworkAdapter, BotFrameworkEndpoint, botFrameworkChannel, type BotFrameworkOptions } from './adapter.ts';
export { formatActivities, typingActivity, BF_MAX_TEXT } from './format.ts';
export { parseActivity, parseActivityBody, addressOf, bfUserId, BOTFRAMEWORK_CHANNEL } from './parse.ts';
export { botFrameworkAuthentication, verifyBotFrameworkRequest, type BotFrameworkCredentials } from './verify.ts';
export type { BfActivity, BfAddress } from './types.ts';
