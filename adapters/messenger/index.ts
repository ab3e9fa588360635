export { MessengerAdapter, MessengerWebhook, messengerChannel, type MessengerOptions } from './adapter.ts';
export { formatMessenger, MESSENGER_LIMITS } from './format.ts';
export { parseMessenger, MESSENGER_CHANNEL } from './parse.ts';
export { messengerChallenge, verifyMessengerSignature } from './verify.ts';
export type { MessengerWebhook as MessengerWebhookPayload, MessengerEvent, MessengerMessage, MessengerSendRequest } from './types.ts';
