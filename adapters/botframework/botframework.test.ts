import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../core/errors.ts';
import { botFrameworkSigner, startFakeProvider, type FakeProvider } from '../test-support.ts';
import conversationUpdate from './fixtures/conversation-update.json' with { type: 'json' };
import emulatorMessage from './fixtures/emulator-message.json' with { type: 'json' };
import messageBack from './fixtures/message-back.json' with { type: 'json' };
import teamsMessage from './fixtures/teams-message.json' with { type: 'json' };
import webchatMessage from './fixtures/webchat-message.json' with { type: 'json' };
import { formatActivities } from './format.ts';
import { addressOf, parseActivity, parseActivityBody } from './parse.ts';
import type { BfActivity } from './types.ts';
import { botFrameworkAuthentication, verifyBotFrameworkRequest } from './verify.ts';

const APP_ID = '5f0c6f4e-0000-4a6b-9c1d-bf0000000001';

describe('botframework #verify', () => {
  const signer = botFrameworkSigner();
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider((r) => (r.path === '/openid' ? { status: 200, body: signer.openIdConfig(fake.url) } : { status: 200, body: signer.jwks }));
  });
  afterAll(() => fake.close());
  const activity = webchatMessage as unknown as BfActivity;

  it('accepts a channel token for our app id and the activity\'s service URL', async () => {
    const auth = botFrameworkAuthentication({ appId: APP_ID, appPassword: 'secret', openIdMetadataUrl: `${fake.url}/openid` });
    const token = signer.token({ aud: APP_ID, serviceurl: activity.serviceUrl });
    expect(await verifyBotFrameworkRequest(auth, activity, `Bearer ${token}`)).toEqual({ ok: true });
  });

  it('refuses a missing token, another app\'s token, another service URL, an unknown signer (401)', async () => {
    const auth = botFrameworkAuthentication({ appId: APP_ID, appPassword: 'secret', openIdMetadataUrl: `${fake.url}/openid` });
    expect(await verifyBotFrameworkRequest(auth, activity, undefined)).toMatchObject({ ok: false, status: 401 });
    expect(await verifyBotFrameworkRequest(auth, activity, `Bearer ${signer.token({ aud: 'someone-else', serviceurl: activity.serviceUrl })}`)).toMatchObject({ status: 401 });
    expect(await verifyBotFrameworkRequest(auth, activity, `Bearer ${signer.token({ aud: APP_ID, serviceurl: 'https://evil.example.com/' })}`)).toMatchObject({ status: 401 });
    const other = botFrameworkSigner();
    expect(await verifyBotFrameworkRequest(auth, activity, `Bearer ${other.token({ aud: APP_ID, serviceurl: activity.serviceUrl })}`)).toMatchObject({ status: 401 });
  });

  it('lets anything in without an app id (local use with the Emulator)', async () => {
    expect(await verifyBotFrameworkRequest(botFrameworkAuthentication({}), emulatorMessage as unknown as BfActivity, undefined)).toEqual({ ok: true });
  });
});

describe('botframework #parse', () => {
  it('reads a Web Chat message with its locale as the language hint', () => {
    const [item] = parseActivity(webchatMessage as unknown as BfActivity);
    expect(item).toMatchObject({
      kind: 'event',
      event: {
        type: 'message', text: 'How do I return an item?', lang: 'en-US', externalId: 'Kp3QvU0G2xL1zqJ5m9a4Fb-us|Kp3QvU0G2xL1zqJ5m9a4Fb-us|0000001',
        conversation: { channel: 'botframework', userId: 'webchat:dl_5f2b9c1e8a7d4b3c', threadId: 'Kp3QvU0G2xL1zqJ5m9a4Fb-us' },
      },
    });
  });

  it('keeps a locale whole, so Traditional Chinese and three-letter languages reach the core as sent', () => {
    const lang = (locale: string | undefined) => {
      const [item] = parseActivity({ ...(webchatMessage as unknown as BfActivity), locale });
      return item?.kind === 'event' ? item.event.lang : 'none';
    };
    expect(lang('zh-TW')).toBe('zh-TW');
    // Filipino, not Finnish (the first two letters).
    expect(lang('fil-PH')).toBe('fil-PH');
    expect(lang('not a locale')).toBeUndefined();
    expect(lang(undefined)).toBeUndefined();
  });

  it('drops Teams\' @mention of the bot and reads messageBack values as the chosen entry', () => {
    expect(parseActivity(teamsMessage as unknown as BfActivity)[0]).toMatchObject({ event: { text: 'Where is my order?', conversation: { userId: expect.stringMatching(/^msteams:29:/) } } });
    expect(parseActivity(messageBack as unknown as BfActivity)[0]).toMatchObject({ event: { type: 'choose', choice: { entryId: 'refund-timing', title: 'When will I get my refund?' } } });
  });

  it('ignores other activity types; refuses malformed bodies', () => {
    expect(parseActivity(conversationUpdate as unknown as BfActivity)).toEqual([{ kind: 'ignored', channel: 'botframework', reason: 'activity type we do not answer', type: 'conversationUpdate' }]);
    expect(() => parseActivityBody(Buffer.from('{"type":'))).toThrow(MalformedPayloadError);
    expect(() => parseActivityBody(Buffer.from('{"text":"no type"}'))).toThrow(MalformedPayloadError);
    expect(() => parseActivity({ type: 'message', text: 'x' } as BfActivity)).toThrow(MalformedPayloadError);
  });
});

describe('botframework #format', () => {
  const to = addressOf(webchatMessage as unknown as BfActivity);

  it('replies in Markdown to the same conversation, suggestions as messageBack actions', () => {
    const [a] = formatActivities({ text: 'You can return items within **30 days**.', lang: 'en', suggestions: [{ entryId: 'refund-timing', title: 'When will I get my refund?' }] }, to);
    expect(a).toEqual({
      type: 'message', text: 'You can return items within **30 days**.', textFormat: 'markdown', locale: 'en',
      from: webchatMessage.recipient, recipient: webchatMessage.from, conversation: webchatMessage.conversation,
      suggestedActions: { to: [webchatMessage.from.id], actions: [{ type: 'messageBack', title: 'When will I get my refund?', text: 'When will I get my refund?', displayText: 'When will I get my refund?', value: { entryId: 'refund-timing' } }] },
    });
  });

  it('uses imBack on Teams, where messageBack is not a suggested action', () => {
    const [a] = formatActivities({ text: 'x', suggestions: [{ entryId: 'e', title: 'T' }] }, addressOf(teamsMessage as unknown as BfActivity));
    expect(a!.suggestedActions!.actions).toEqual([{ type: 'imBack', title: 'T', value: 'T' }]);
  });

  it('sends an agent\'s photo as an attachment everywhere, and other files as links on Teams, which takes only photos from a link', () => {
    const attachments = [
      { kind: 'image' as const, ref: 'af_1', mime: 'image/jpeg', name: 'part.jpg', url: 'https://bot.example/files/af_1' },
      { kind: 'file' as const, ref: 'af_2', mime: 'application/pdf', name: 'label [1].pdf', url: 'https://bot.example/files/af_2' },
    ];
    const [teams] = formatActivities({ role: 'agent', text: 'Here you go.', attachments }, addressOf(teamsMessage as unknown as BfActivity));
    expect(teams!.text).toBe('Here you go.\n\n[label \\[1\\].pdf](https://bot.example/files/af_2)');
    expect(teams!.attachments).toEqual([{ contentType: 'image/jpeg', contentUrl: 'https://bot.example/files/af_1', name: 'part.jpg' }]);
    const [web] = formatActivities({ role: 'agent', text: 'Here you go.', attachments }, to);
    expect(web!.text).toBe('Here you go.');
    expect(web!.attachments!.map((a) => a.contentUrl)).toEqual(['https://bot.example/files/af_1', 'https://bot.example/files/af_2']);
    // A customer's own attachments are never sent back.
    expect(formatActivities({ role: 'customer', text: 'x', attachments }, to)[0]!.attachments).toBeUndefined();
  });
});
