import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const TWILIO = { TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+14155550100' };
const WHATSAPP = { WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_APP_SECRET: 's', WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_PHONE_NUMBER_ID: '106540352242922' };
const MESSENGER = { MESSENGER_VERIFY_TOKEN: 'v', MESSENGER_APP_SECRET: 's', MESSENGER_PAGE_ACCESS_TOKEN: 't' };

describe('loadConfig: channels', () => {
  it('mounts nothing but local Bot Framework by default, and lists what each channel misses', () => {
    const c = loadConfig({}).channels;
    expect(c).toMatchObject({ twilio: undefined, whatsapp: undefined, messenger: undefined, botframework: { appId: undefined }, linkPhoneIdentities: true, graphApiBase: 'https://graph.facebook.com', graphApiVersion: 'v23.0' });
    expect(c.notMounted.map((n) => n.channel)).toEqual(['sms', 'whatsapp', 'messenger']);
    expect(c.notMounted[0]).toEqual({ channel: 'sms', missing: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)'], partlyConfigured: false });
  });

  it('reads every channel when its secrets are set, with provider base URLs for tests and proxies', () => {
    const c = loadConfig({ ...TWILIO, ...WHATSAPP, ...MESSENGER, PUBLIC_URL: 'https://bot.example.com/', TWILIO_API_BASE: 'http://127.0.0.1:9', GRAPH_API_BASE: 'http://127.0.0.1:9', GRAPH_API_VERSION: 'v21.0', WHATSAPP_TEMPLATE_NAME: 'reply_waiting', MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', LINK_PHONE_IDENTITIES: '0' }).channels;
    expect(c).toMatchObject({
      publicUrl: 'https://bot.example.com', linkPhoneIdentities: false, graphApiBase: 'http://127.0.0.1:9', graphApiVersion: 'v21.0',
      twilio: { accountSid: TWILIO.TWILIO_ACCOUNT_SID, from: '+14155550100', apiBase: 'http://127.0.0.1:9' },
      whatsapp: { phoneNumberId: '106540352242922', template: { name: 'reply_waiting', language: 'en_US' } },
      messenger: { pageAccessToken: 't' }, botframework: { appId: 'id', appPassword: 'pw', appType: 'MultiTenant' },
    });
    expect(c.notMounted).toEqual([]);
  });

  it('leaves a partly configured channel unmounted, naming what is missing', () => {
    const c = loadConfig({ WHATSAPP_VERIFY_TOKEN: 'v', TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID, MICROSOFT_APP_ID: 'id' }).channels;
    expect(c.whatsapp).toBeUndefined();
    expect(c.notMounted).toContainEqual({ channel: 'whatsapp', missing: ['WHATSAPP_APP_SECRET', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'], partlyConfigured: true });
    expect(c.notMounted).toContainEqual({ channel: 'sms', missing: ['TWILIO_AUTH_TOKEN', 'TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)'], partlyConfigured: true });
    expect(c.notMounted).toContainEqual({ channel: 'botframework', missing: ['MICROSOFT_APP_PASSWORD'], partlyConfigured: true });
  });

  it.each([
    ['PUBLIC_URL', 'bot.example.com'],
    ['TWILIO_ACCOUNT_SID', 'SK123'],
    ['TWILIO_FROM', '4155550100'],
    ['TWILIO_API_BASE', 'ftp://x'],
    ['GRAPH_API_VERSION', '23'],
    ['WHATSAPP_PHONE_NUMBER_ID', '+1 415 555 0100'],
    ['LINK_PHONE_IDENTITIES', 'maybe'],
    ['MICROSOFT_APP_TYPE', 'Anyone'],
  ])('fails fast naming %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}:`));
  });
});
