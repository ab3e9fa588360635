import { chatApiChannel, chatApiRouter } from './chat-api/adapter.ts';
import apiChoose from './chat-api/fixtures/choose.json' with { type: 'json' };
import apiMessage from './chat-api/fixtures/message.json' with { type: 'json' };
import apiNoMessageId from './chat-api/fixtures/no-message-id.json' with { type: 'json' };
import { webhookRouter } from './core/express.ts';
import { runContractTests, type ContractEnv, type ProviderRequest } from './contract-suite.ts';
import { botFrameworkChannel } from './botframework/adapter.ts';
import bfConversationUpdate from './botframework/fixtures/conversation-update.json' with { type: 'json' };
import bfMessageBack from './botframework/fixtures/message-back.json' with { type: 'json' };
import bfTeams from './botframework/fixtures/teams-message.json' with { type: 'json' };
import bfWebchat from './botframework/fixtures/webchat-message.json' with { type: 'json' };
import { messengerChannel } from './messenger/adapter.ts';
import msAttachment from './messenger/fixtures/attachment.json' with { type: 'json' };
import msDeliveryRead from './messenger/fixtures/delivery-read.json' with { type: 'json' };
import msEcho from './messenger/fixtures/echo.json' with { type: 'json' };
import msPostback from './messenger/fixtures/postback.json' with { type: 'json' };
import msQuickReply from './messenger/fixtures/quick-reply.json' with { type: 'json' };
import msStandby from './messenger/fixtures/standby.json' with { type: 'json' };
import msText from './messenger/fixtures/text.json' with { type: 'json' };
import { twilioChannel } from './twilio/adapter.ts';
import twMessageCreated from './twilio/fixtures/message-created.json' with { type: 'json' };
import twMms from './twilio/fixtures/inbound-mms.json' with { type: 'json' };
import twSms from './twilio/fixtures/inbound-sms.json' with { type: 'json' };
import twStop from './twilio/fixtures/inbound-stop.json' with { type: 'json' };
import twStatusDelivered from './twilio/fixtures/status-delivered.json' with { type: 'json' };
import twStatusFailed from './twilio/fixtures/status-failed.json' with { type: 'json' };
import twWhatsapp from './twilio/fixtures/inbound-whatsapp.json' with { type: 'json' };
import { botFrameworkSigner, metaJson, metaSignature, twilioSigned, type RecordedRequest } from './test-support.ts';
import { whatsappChannel } from './whatsapp/adapter.ts';
import waBatch from './whatsapp/fixtures/batch.json' with { type: 'json' };
import waButtonReply from './whatsapp/fixtures/button-reply.json' with { type: 'json' };
import waImage from './whatsapp/fixtures/image.json' with { type: 'json' };
import waListReply from './whatsapp/fixtures/list-reply.json' with { type: 'json' };
import waStatuses from './whatsapp/fixtures/statuses.json' with { type: 'json' };
import waText from './whatsapp/fixtures/text.json' with { type: 'json' };

const form = (p: Record<string, string>) => Buffer.from(new URLSearchParams(p).toString());
const meta = (p: unknown) => Buffer.from(metaJson(p));
const without = (r: ProviderRequest, header: string): ProviderRequest => ({ ...r, headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== header)) });

// --- Twilio (SMS and Twilio's WhatsApp sender share one webhook) ---
const TWILIO_TOKEN = 'contract-twilio-token';
function twilioSubject(kind: 'sms' | 'whatsapp') {
  return ({ fake, channels, retry, publicUrl }: ContractEnv) => {
    const tw = twilioChannel({ accountSid: twSms.AccountSid, authToken: TWILIO_TOKEN, from: '+14155550100', apiBase: fake.url }, { channels, retry });
    const address = (userId: string) => (kind === 'sms' ? `+${userId}` : `whatsapp:+${userId}`);
    const sign = (params: Record<string, string>, token = TWILIO_TOKEN): ProviderRequest => {
      const { body, signature } = twilioSigned(token, `${publicUrl}/webhooks/twilio`, params);
      return { path: '/webhooks/twilio', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body };
    };
    let sid = 0;
    return {
      adapter: tw.adapters[kind === 'sms' ? 0 : 1]!,
      endpoint: tw.endpoint,
      mount: (app: any, runtime: any) => app.use(webhookRouter(tw.endpoint, runtime, { publicUrl })),
      inbound: ({ userId, messageId, text }: { userId: string; messageId: string; text: string }) =>
        sign({ ...(kind === 'sms' ? twSms : twWhatsapp), From: address(userId), Body: text, MessageSid: messageId, SmsMessageSid: messageId, SmsSid: messageId }),
      unsigned: (r: ProviderRequest) => without(r, 'x-twilio-signature'),
      forged: (r: ProviderRequest) => sign(Object.fromEntries(new URLSearchParams(r.body)), 'not-the-auth-token'),
      malformed: (): ProviderRequest => ({ path: '/webhooks/twilio', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'c2ln' }, body: 'Body=%E0%A4%A&From=%2B1' }),
      fixtures: [
        { name: 'inbound SMS', body: form(twSms), kinds: ['event' as const] },
        { name: 'inbound WhatsApp via Twilio', body: form(twWhatsapp), kinds: ['event' as const] },
        { name: 'STOP', body: form(twStop), kinds: ['control' as const] },
        { name: 'MMS without text', body: form(twMms), kinds: ['event' as const] },
        { name: 'status delivered', body: form(twStatusDelivered), kinds: ['status' as const] },
        { name: 'status undelivered', body: form(twStatusFailed), kinds: ['status' as const] },
      ],
      respond: (r: RecordedRequest) => (r.path.endsWith('/Messages.json') ? { status: 201, body: { ...twMessageCreated, sid: `SM${String(++sid).padStart(32, '0')}` } } : { status: 404, body: {} }),
      isMessage: (r: RecordedRequest) => r.path.endsWith('/Messages.json'),
      texts: (r: RecordedRequest) => (r.form?.Body !== undefined ? [r.form.Body] : []),
      choices: () => 0,
      files: (r: RecordedRequest) => (r.form?.MediaUrl ? [r.form.MediaUrl] : []),
      prepare: async (userId: string) => ({ channel: kind === 'sms' ? 'sms' : 'twilio-whatsapp', userId: address(userId) }),
    };
  };
}
runContractTests({ name: 'sms (Twilio)', make: twilioSubject('sms') });
runContractTests({ name: 'twilio-whatsapp (Twilio WhatsApp sender)', make: twilioSubject('whatsapp') });

// --- WhatsApp Cloud API ---
runContractTests({
  name: 'whatsapp (Cloud API)',
  make: ({ fake, channels, retry }) => {
    const SECRET = 'contract-wa-secret';
    const wa = whatsappChannel({ verifyToken: 'v', appSecret: SECRET, accessToken: 'tok', phoneNumberId: '106540352242922', graph: { base: fake.url } }, { channels, retry });
    const sign = (raw: string, secret = SECRET): ProviderRequest => ({ path: '/webhooks/whatsapp', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(secret, raw) }, body: raw });
    let n = 0;
    return {
      adapter: wa.adapters[0]!,
      endpoint: wa.endpoint,
      mount: (app, runtime) => app.use(webhookRouter(wa.endpoint, runtime)),
      inbound: ({ userId, messageId, text }) => {
        const p = structuredClone(waText);
        p.entry[0]!.changes[0]!.value.contacts[0]!.wa_id = userId;
        Object.assign(p.entry[0]!.changes[0]!.value.messages[0]!, { from: userId, id: messageId, timestamp: String(Math.floor(Date.now() / 1000)), text: { body: text } });
        return sign(metaJson(p));
      },
      unsigned: (r) => without(r, 'x-hub-signature-256'),
      forged: (r) => sign(r.body, 'not-the-app-secret'),
      malformed: () => sign('{"object":"whatsapp_business_account","entry":['),
      fixtures: [
        { name: 'text', body: meta(waText), kinds: ['event'] },
        { name: 'button reply', body: meta(waButtonReply), kinds: ['event'] },
        { name: 'list reply', body: meta(waListReply), kinds: ['event'] },
        { name: 'image', body: meta(waImage), kinds: ['event'] },
        { name: 'statuses', body: meta(waStatuses), kinds: ['status', 'status', 'status'] },
        { name: 'batch of entries', body: meta(waBatch), kinds: ['event', 'event', 'reaction'] },
      ],
      respond: (r) => (r.json?.status === 'read' ? { status: 200, body: { success: true } } : { status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: `wamid.C-${++n}` }] } }),
      isMessage: (r) => r.path.endsWith('/messages') && Boolean(r.json?.to),
      texts: (r) => (r.json.type === 'text' ? [r.json.text.body] : r.json.type === 'interactive' ? [r.json.interactive.body.text] : []),
      files: (r) => (r.json.type === 'image' ? [r.json.image.link] : r.json.type === 'document' ? [r.json.document.link] : []),
      choices: (r) => (r.json.type !== 'interactive' ? 0 : r.json.interactive.type === 'button'
        ? r.json.interactive.action.buttons.length : r.json.interactive.action.sections.reduce((s: number, x: { rows: unknown[] }) => s + x.rows.length, 0)),
      prepare: async (userId) => ({ channel: 'whatsapp', userId }),
    };
  },
});

// --- Messenger ---
runContractTests({
  name: 'messenger',
  make: ({ fake, channels, retry }) => {
    const SECRET = 'contract-messenger-secret';
    const m = messengerChannel({ verifyToken: 'v', appSecret: SECRET, pageAccessToken: 'page-token', graph: { base: fake.url } }, { channels, retry });
    const sign = (raw: string, secret = SECRET): ProviderRequest => ({ path: '/webhooks/messenger', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(secret, raw) }, body: raw });
    let n = 0;
    return {
      adapter: m.adapters[0]!,
      endpoint: m.endpoint,
      mount: (app, runtime) => app.use(webhookRouter(m.endpoint, runtime)),
      inbound: ({ userId, messageId, text }) => {
        const p = structuredClone(msText);
        Object.assign(p.entry[0]!.messaging[0]!, { sender: { id: userId }, timestamp: Date.now(), message: { mid: messageId, text } });
        return sign(metaJson(p));
      },
      unsigned: (r) => without(r, 'x-hub-signature-256'),
      forged: (r) => sign(r.body, 'not-the-app-secret'),
      malformed: () => sign('{"object":"page","entry":[{'),
      fixtures: [
        { name: 'text', body: meta(msText), kinds: ['event'] },
        { name: 'quick reply', body: meta(msQuickReply), kinds: ['event'] },
        { name: 'postback', body: meta(msPostback), kinds: ['event'] },
        { name: 'echo', body: meta(msEcho), kinds: ['ignored'] },
        { name: 'standby', body: meta(msStandby), kinds: ['ignored'] },
        { name: 'delivery and read', body: meta(msDeliveryRead), kinds: ['status', 'watermark'] },
        { name: 'attachment and reaction', body: meta(msAttachment), kinds: ['event', 'reaction'] },
      ],
      respond: (r) => ({ status: 200, body: r.json?.message ? { recipient_id: r.json.recipient.id, message_id: `m_C-${++n}` } : { recipient_id: r.json?.recipient?.id } }),
      isMessage: (r) => Boolean(r.json?.message),
      texts: (r) => (r.json.message.text !== undefined ? [r.json.message.text] : []),
      choices: (r) => r.json.message.quick_replies?.length ?? 0,
      files: (r) => (r.json.message.attachment ? [r.json.message.attachment.payload.url] : []),
      prepare: async (userId) => ({ channel: 'messenger', userId }),
    };
  },
});

// --- Bot Framework ---
runContractTests({
  name: 'botframework',
  skip: [{ reason: 'Bot Framework authenticates with a bearer JWT: a forged token is 401 like a missing one (tested above and in adapter.test.ts)', tests: ['rejects a forged signature with 403 and stores nothing'] }],
  make: ({ fake, channels, retry }) => {
    const APP_ID = 'contract-bot-app-id';
    const signer = botFrameworkSigner();
    const bf = botFrameworkChannel({ appId: APP_ID, appPassword: 'pw', openIdMetadataUrl: `${fake.url}/openid`, token: async () => 'contract-token' }, { channels, retry });
    const request = (activity: object, token: string | undefined): ProviderRequest => ({
      path: '/api/messages', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(activity),
    });
    let n = 0;
    return {
      adapter: bf.adapters[0]!,
      endpoint: bf.endpoint,
      mount: (app, runtime) => app.use(webhookRouter(bf.endpoint, runtime)),
      inbound: ({ userId, messageId, text }) => {
        const serviceUrl = `${fake.url}/`;
        return request({ ...bfWebchat, id: messageId, from: { id: userId, role: 'user' }, conversation: { id: `conv-${userId}` }, serviceUrl, text }, signer.token({ aud: APP_ID, serviceurl: serviceUrl }));
      },
      unsigned: (r) => without(r, 'authorization'),
      forged: (r) => request(JSON.parse(r.body), botFrameworkSigner().token({ aud: APP_ID, serviceurl: JSON.parse(r.body).serviceUrl })),
      malformed: () => request({ text: 'an activity without a type' } as object, undefined),
      fixtures: [
        { name: 'Web Chat message', body: Buffer.from(JSON.stringify(bfWebchat)), kinds: ['event'] },
        { name: 'Teams message', body: Buffer.from(JSON.stringify(bfTeams)), kinds: ['event'] },
        { name: 'messageBack', body: Buffer.from(JSON.stringify(bfMessageBack)), kinds: ['event'] },
        { name: 'conversationUpdate', body: Buffer.from(JSON.stringify(bfConversationUpdate)), kinds: ['ignored'] },
      ],
      respond: (r) => (r.path === '/openid' ? { status: 200, body: signer.openIdConfig(fake.url) } : r.path === '/keys' ? { status: 200, body: signer.jwks } : { status: 200, body: { id: `act-${++n}` } }),
      isMessage: (r) => r.path.startsWith('/v3/conversations/') && r.json?.type === 'message',
      texts: (r) => [r.json.text],
      choices: (r) => r.json.suggestedActions?.actions.length ?? 0,
      files: (r) => (r.json.attachments ?? []).map((a: { contentUrl: string }) => a.contentUrl),
      prepare: async (userId) => {
        const ref = { channel: 'botframework', userId: `webchat:${userId}` };
        await channels.saveAddress('botframework', ref.userId, { serviceUrl: `${fake.url}/`, channelId: 'webchat', conversation: { id: `conv-${userId}` }, bot: { id: 'bot' }, user: { id: userId } });
        return ref;
      },
    };
  },
});

// --- The chat API (POST /api/chat): answers in its HTTP response, through the same runtime ---
const CHAT_API_ANSWERS = 'the chat API answers in the HTTP response (handleNow), not through provider calls the suite counts; app/chat-api.test.ts and adapters/chat-api/adapter.test.ts test its answers, repeats and cleaned text';
runContractTests({
  name: 'api (the chat API)',
  skip: [
    { reason: 'the chat API is public, like the web chat: no provider signs its requests, so there is no signature to leave out or forge', tests: ['rejects a missing signature with 401 and stores nothing', 'rejects a forged signature with 403 and stores nothing'] },
    { reason: CHAT_API_ANSWERS, tests: ['answers the same delivery twice only once', 'answers and stores a message with U+0000 in its text, without it'] },
    { reason: 'nothing is sent to a provider: replies are the response body, whole, and a later message waits in the transcript', tests: ['keeps every outbound message within the channel limits', 'retries 5xx, then gives up and records the failure'] },
    { reason: 'a chat API client gets words only: agents cannot send it files (capabilities.files is unset, so the console refuses them)', tests: ['sends the photos and files an agent attaches, by their link'] },
  ],
  make: () => {
    const api = chatApiChannel({ languages: () => ['en', 'pl'] });
    const json = (p: unknown) => Buffer.from(JSON.stringify(p));
    return {
      adapter: api.adapters[0]!,
      endpoint: api.endpoint,
      mount: (app, runtime) => app.use(chatApiRouter(api.endpoint, runtime)),
      inbound: ({ userId, messageId, text }) => ({ path: '/api/chat', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text, messageId }) }),
      unsigned: (r) => r,
      forged: (r) => r,
      malformed: () => ({ path: '/api/chat', headers: { 'content-type': 'application/json' }, body: '{"userId":"u","text":' }),
      fixtures: [
        { name: 'message', body: json(apiMessage), kinds: ['event'] },
        { name: 'suggestion chosen', body: json(apiChoose), kinds: ['event'] },
        { name: 'message without an id', body: json(apiNoMessageId), kinds: ['event'] },
      ],
      respond: () => ({ status: 404, body: {} }),
      isMessage: () => false,
      texts: () => [],
      choices: () => 0,
      files: () => [],
      prepare: async (userId) => ({ channel: 'api', userId }),
    };
  },
});
