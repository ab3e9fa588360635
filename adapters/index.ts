/** adapters/: one folder per channel, all of the same shape, plus the shared channel runtime in core/. */
export type { ChannelAdapter, ChannelCapabilities, DeliveryStatus, MediaContent, SendResult, VerifyResult, WebhookEndpoint, WebhookItem, WebhookRequest } from './types.ts';
export { WebchatAdapter, webchat, toWire, WebchatUploads, webchatUploadRoute, sniffUpload, cleanFileName, MAX_UPLOAD_BYTES, WEBCHAT_PUBLIC_DIR, WIDGET_ENTRY, widgetConfig, widgetConfigRoute, type StarterTopic, type WebchatOptions, type WidgetConfig, type WidgetConfigOptions, type WireMessage } from './webchat/index.ts';
export { ChannelRuntime, type ChannelRuntimeOptions, type Outgoing } from './core/runtime.ts';
export { IntakeStore, type ClaimedWork, type IntakeRow, type OutboxRow } from './core/intake-store.ts';
export { OutboxStore, type ClaimedSend } from './core/outbox-store.ts';
export { ChannelStore, PHONE_IDENTITY, type Delivery, type SendFailure } from './core/channel-store.ts';
export { AdapterError, MalformedPayloadError, OptedOutError, StillAnsweringError, WindowClosedError } from './core/errors.ts';
export { webhookRouter, type WebhookRouterOptions } from './core/express.ts';
export { sendMedia, type SendMediaOptions } from './core/send-media.ts';
export { storedAttachments } from './core/attachments.ts';
export { languageOfTag, languageTag } from './core/language-tag.ts';
export type { RetryOptions } from './core/http.ts';
export { chatApiChannel, chatApiRouter, ChatApiAdapter, ChatApiEndpoint, type ChatApiOptions, type ChatApiRouterOptions, type ChatResponse } from './chat-api/index.ts';
export { twilioChannel, TwilioAdapter, TwilioWebhook, type TwilioOptions } from './twilio/index.ts';
export { whatsappChannel, WhatsAppAdapter, WhatsAppWebhook, type WhatsAppOptions } from './whatsapp/index.ts';
export { messengerChannel, MessengerAdapter, MessengerWebhook, type MessengerOptions } from './messenger/index.ts';
// From adapter.ts itself: the folder's index also exports the SDK's authentication (verify.ts),
// which would load botbuilder (~50 MB) in every server; adapter.ts loads it on first use.
export { botFrameworkChannel, BotFrameworkAdapter, BotFrameworkEndpoint, type BotFrameworkOptions } from './botframework/adapter.ts';
export { ADAPTERS_PERSONAL_DATA } from './personal-data.ts';
