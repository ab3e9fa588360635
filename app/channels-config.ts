// Part of config.ts (the only module reading process.env), split out for size: it receives the
// environment from loadConfig and never reads process.env itself.
import { ConfigError, type Env } from './config.ts';

/** Twilio (SMS and Twilio's WhatsApp sender). */
export interface TwilioConfig {
  /** `TWILIO_ACCOUNT_SID` (AC…). */
  accountSid: string;
  /** Signs webhooks and authenticates API calls. `TWILIO_AUTH_TOKEN`. */
  authToken: string;
  /** Sender number in E.164. `TWILIO_FROM` (or a Messaging Service). */
  from?: string;
  /** Messaging Service that picks the sender. `TWILIO_MESSAGING_SERVICE_SID` (MG…). */
  messagingServiceSid?: string;
  /** Approved WhatsApp template sent outside the 24-hour window. `TWILIO_WHATSAPP_CONTENT_SID` (HX…). */
  whatsappContentSid?: string;
  /** REST API base. Default https://api.twilio.com. `TWILIO_API_BASE`. */
  apiBase: string;
}

/** WhatsApp Business Cloud API. */
export interface WhatsAppConfig {
  /** `WHATSAPP_VERIFY_TOKEN`: what you type as "Verify token" in the Meta app. */
  verifyToken: string;
  /** `WHATSAPP_APP_SECRET`: the Meta app's secret, key of X-Hub-Signature-256. */
  appSecret: string;
  /** `WHATSAPP_ACCESS_TOKEN`: system-user token with whatsapp_business_messaging. */
  accessToken: string;
  /** `WHATSAPP_PHONE_NUMBER_ID`: the business number's id. */
  phoneNumberId: string;
  /** Approved template for messages outside the 24-hour window. `WHATSAPP_TEMPLATE_NAME` + `WHATSAPP_TEMPLATE_LANGUAGE` (default en_US). */
  template?: { name: string; language: string };
}

/** Facebook Messenger. */
export interface MessengerConfig {
  /** `MESSENGER_VERIFY_TOKEN`. */
  verifyToken: string;
  /** `MESSENGER_APP_SECRET`. */
  appSecret: string;
  /** `MESSENGER_PAGE_ACCESS_TOKEN`. */
  pageAccessToken: string;
}

/** Microsoft Bot Framework (Teams, Direct Line, Web Chat via Azure Bot Service). */
export interface BotFrameworkConfig {
  /** `MICROSOFT_APP_ID`; empty for local use with the Emulator (no authentication, replies to loopback only). */
  appId?: string;
  /** `MICROSOFT_APP_PASSWORD`. */
  appPassword?: string;
  /** `MICROSOFT_APP_TYPE`: MultiTenant (default) or SingleTenant. */
  appType: string;
  /** `MICROSOFT_APP_TENANT_ID`, for SingleTenant bots. */
  tenantId?: string;
}

/** Messaging channels (see adapters/CHANNELS-SETUP.md). A channel is mounted only when its secrets are all set. */
export interface ChannelsConfig {
  /** Externally visible base URL, e.g. https://bot.example.com: Twilio signs it, and status callbacks go there. `PUBLIC_URL`. */
  publicUrl?: string;
  /** A customer writing from the same phone number on SMS and WhatsApp is one customer with one history. Default true. `LINK_PHONE_IDENTITIES`. */
  linkPhoneIdentities: boolean;
  twilio?: TwilioConfig;
  whatsapp?: WhatsAppConfig;
  messenger?: MessengerConfig;
  botframework?: BotFrameworkConfig;
  /** Graph API base for WhatsApp and Messenger. Default https://graph.facebook.com. `GRAPH_API_BASE`. */
  graphApiBase: string;
  /** Graph API version. Default v23.0. `GRAPH_API_VERSION`. */
  graphApiVersion: string;
  /** Channels left unmounted and the variables they miss, for the startup log. */
  notMounted: Array<{ channel: string; missing: string[]; partlyConfigured: boolean }>;
}

function url(env: Env, name: string, fallback?: string): string | undefined {
  const raw = env[name] || fallback;
  if (raw === undefined) return undefined;
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(raw)) throw new ConfigError(name, `expected an http(s) URL, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

function pattern(env: Env, name: string, re: RegExp, what: string): string | undefined {
  const raw = env[name] || undefined;
  if (raw !== undefined && !re.test(raw)) throw new ConfigError(name, `expected ${what}`);
  return raw;
}

/** Which of `names` are empty; whether any is set at all. */
function missing(env: Env, names: string[]): { missing: string[]; any: boolean } {
  const absent = names.filter((n) => !env[n]);
  return { missing: absent, any: absent.length < names.length };
}

/** Read and validate the channel variables. @throws ConfigError on a malformed value. */
export function channelsConfig(env: Env): ChannelsConfig {
  const notMounted: ChannelsConfig['notMounted'] = [];
  const link = env.LINK_PHONE_IDENTITIES || '1';
  if (!['0', '1', 'true', 'false'].includes(link)) throw new ConfigError('LINK_PHONE_IDENTITIES', 'expected 1 or 0');

  const accountSid = pattern(env, 'TWILIO_ACCOUNT_SID', /^AC[0-9a-fA-F]{32}$/, 'an Account SID like AC followed by 32 hex digits');
  const from = pattern(env, 'TWILIO_FROM', /^\+[1-9]\d{6,14}$/, 'an E.164 number like +14155550100');
  const messagingServiceSid = pattern(env, 'TWILIO_MESSAGING_SERVICE_SID', /^MG[0-9a-fA-F]{32}$/, 'a Messaging Service SID like MG followed by 32 hex digits');
  const whatsappContentSid = pattern(env, 'TWILIO_WHATSAPP_CONTENT_SID', /^HX[0-9a-fA-F]{32}$/, 'a Content SID like HX followed by 32 hex digits');
  const apiBase = url(env, 'TWILIO_API_BASE', 'https://api.twilio.com')!;
  const tw = missing(env, ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']);
  if (!from && !messagingServiceSid) tw.missing.push('TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)');
  const twilio = tw.missing.length ? undefined : {
    accountSid: accountSid!, authToken: env.TWILIO_AUTH_TOKEN!, from, messagingServiceSid, whatsappContentSid,
    apiBase,
  };
  if (!twilio) notMounted.push({ channel: 'sms', missing: tw.missing, partlyConfigured: tw.any || Boolean(from || messagingServiceSid) });

  const waNames = ['WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'];
  const wa = missing(env, waNames);
  const phoneNumberId = pattern(env, 'WHATSAPP_PHONE_NUMBER_ID', /^\d{5,20}$/, 'the numeric phone number id (not the phone number)');
  const templateLanguage = pattern(env, 'WHATSAPP_TEMPLATE_LANGUAGE', /^[a-z]{2,3}(_[A-Z]{2})?$/, 'a template language code like en_US') ?? 'en_US';
  const whatsapp = wa.missing.length ? undefined : {
    verifyToken: env.WHATSAPP_VERIFY_TOKEN!, appSecret: env.WHATSAPP_APP_SECRET!, accessToken: env.WHATSAPP_ACCESS_TOKEN!, phoneNumberId: phoneNumberId!,
    template: env.WHATSAPP_TEMPLATE_NAME ? { name: env.WHATSAPP_TEMPLATE_NAME, language: templateLanguage } : undefined,
  };
  if (!whatsapp) notMounted.push({ channel: 'whatsapp', missing: wa.missing, partlyConfigured: wa.any });

  const ms = missing(env, ['MESSENGER_VERIFY_TOKEN', 'MESSENGER_APP_SECRET', 'MESSENGER_PAGE_ACCESS_TOKEN']);
  const messenger = ms.missing.length ? undefined : {
    verifyToken: env.MESSENGER_VERIFY_TOKEN!, appSecret: env.MESSENGER_APP_SECRET!, pageAccessToken: env.MESSENGER_PAGE_ACCESS_TOKEN!,
  };
  if (!messenger) notMounted.push({ channel: 'messenger', missing: ms.missing, partlyConfigured: ms.any });

  // Empty app id and password is the documented local mode; one without the other is a mistake.
  const appType = pattern(env, 'MICROSOFT_APP_TYPE', /^(MultiTenant|SingleTenant|UserAssignedMSI)$/, 'MultiTenant, SingleTenant or UserAssignedMSI') ?? 'MultiTenant';
  const bfMissing = env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_PASSWORD && appType !== 'UserAssignedMSI' ? ['MICROSOFT_APP_PASSWORD']
    : !env.MICROSOFT_APP_ID && env.MICROSOFT_APP_PASSWORD ? ['MICROSOFT_APP_ID'] : [];
  const botframework = bfMissing.length ? undefined : {
    appId: env.MICROSOFT_APP_ID || undefined, appPassword: env.MICROSOFT_APP_PASSWORD || undefined, appType, tenantId: env.MICROSOFT_APP_TENANT_ID || undefined,
  };
  if (!botframework) notMounted.push({ channel: 'botframework', missing: bfMissing, partlyConfigured: true });

  return {
    publicUrl: url(env, 'PUBLIC_URL'),
    linkPhoneIdentities: link === '1' || link === 'true',
    twilio, whatsapp, messenger, botframework,
    graphApiBase: url(env, 'GRAPH_API_BASE', 'https://graph.facebook.com')!,
    graphApiVersion: pattern(env, 'GRAPH_API_VERSION', /^v\d+\.\d+$/, 'a Graph API version like v23.0') ?? 'v23.0',
    notMounted,
  };
}
