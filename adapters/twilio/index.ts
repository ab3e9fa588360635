export { TwilioAdapter, TwilioWebhook, twilioChannel, type TwilioOptions } from './adapter.ts';
export { formatSms, measureSms, TWILIO_MAX_BODY, type SmsPart, type SmsFormatOptions } from './format.ts';
export { parseForm, parseTwilio, twilioAddress, SMS_CHANNEL, TWILIO_WHATSAPP_CHANNEL } from './parse.ts';
export { twilioSignature, verifyTwilioSignature, urlVariants, type FormParams } from './verify.ts';
export type { TwilioInboundParams, TwilioStatusParams, TwilioMessageResource } from './types.ts';
