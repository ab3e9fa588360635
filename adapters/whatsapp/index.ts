export { WhatsAppAdapter, WhatsAppWebhook, whatsappChannel, type WhatsAppOptions } from './adapter.ts';
export { formatWhatsApp, templateMessage, WA_LIMITS } from './format.ts';
export { parseWhatsApp, WHATSAPP_CHANNEL } from './parse.ts';
export { verifyWhatsAppSignature, whatsappChallenge } from './verify.ts';
export type { WaWebhook, WaMessage, WaStatus, WaOutbound, WaSendResponse } from './types.ts';
