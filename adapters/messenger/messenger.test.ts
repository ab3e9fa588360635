import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../core/errors.ts';
import { metaJson, metaSignature } from '../test-support.ts';
import attachment from './fixtures/attachment.json' with { type: 'json' };
import deliveryRead from './fixtures/delivery-read.json' with { type: 'json' };
import echo from './fixtures/echo.json' with { type: 'json' };
import postback from './fixtures/postback.json' with { type: 'json' };
import quickReply from './fixtures/quick-reply.json' with { type: 'json' };
import standby from './fixtures/standby.json' with { type: 'json' };
import text from './fixtures/text.json' with { type: 'json' };
import { formatMessenger, MESSENGER_LIMITS } from './format.ts';
import { parseMessenger } from './parse.ts';
import { messengerChallenge, verifyMessengerSignature } from './verify.ts';

const body = (p: unknown) => Buffer.from(metaJson(p));

describe('messenger #verify', () => {
  it('checks X-Hub-Signature-256 over the raw bytes and the subscription token', () => {
    const raw = body(text);
    expect(verifyMessengerSignature(metaSignature('s3cret', raw), raw, 's3cret')).toEqual({ ok: true });
    expect(verifyMessengerSignature(metaSignature('other', raw), raw, 's3cret')).toMatchObject({ status: 403 });
    expect(verifyMessengerSignature(undefined, raw, 's3cret')).toMatchObject({ status: 401 });
    const q = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '42' });
    expect(messengerChallenge(q, 'tok')).toEqual({ status: 200, body: '42' });
    expect(messengerChallenge(q, 'other').status).toBe(403);
  });
});

describe('messenger #parse', () => {
  it('reads a text message from a PSID to the page', () => {
    expect(parseMessenger(body(text))).toEqual([{ kind: 'event', event: expect.objectContaining({
      type: 'message', text: 'How do I reset my password?', externalId: 'm_AbCdEf0123456789GhIjKlMnOpQrStUvWxYz_1',
      conversation: { channel: 'messenger', userId: '6789012345678901', threadId: '104381162359925' }, timestamp: new Date(1763898543201),
    }) }]);
  });

  it('reads quick replies and postbacks with our payload as the chosen entry', () => {
    expect(parseMessenger(body(quickReply))[0]).toMatchObject({ event: { type: 'choose', choice: { entryId: 'refund-timing', title: 'When will I get my…' } } });
    expect(parseMessenger(body(postback))[0]).toMatchObject({ event: { type: 'choose', choice: { entryId: 'delivery-cost', title: 'How much does delivery cost?' }, externalId: 'm_PoStBaCk0123456789abcdefghijkl_3' } });
    const getStarted = structuredClone(postback);
    getStarted.entry[0]!.messaging[0]!.postback = { mid: 'm_x', title: 'Get Started', payload: 'GET_STARTED' };
    expect(parseMessenger(body(getStarted))[0]).toMatchObject({ event: { type: 'message', text: 'Get Started' } });
  });

  it('ignores echoes (or the bot would answer itself) and standby events; reads reactions on our messages', () => {
    expect(parseMessenger(body(echo))).toEqual([{ kind: 'ignored', channel: 'messenger', reason: 'echo of a message the page sent', type: 'message_echo' }]);
    expect(parseMessenger(body(standby))[0]).toMatchObject({ kind: 'ignored', type: 'standby' });
    expect(parseMessenger(body(attachment))[1]).toEqual({ kind: 'reaction', channel: 'messenger', userId: '6789012345678901', providerId: 'm_SeNt0123456789abcdefghijklmnop_5', emoji: '❤' });
    const unreact = structuredClone(attachment);
    unreact.entry[0]!.messaging[1]!.reaction = { mid: 'm_SeNt0123456789abcdefghijklmnop_5', action: 'unreact' } as never;
    expect(parseMessenger(body(unreact))[1]).toMatchObject({ kind: 'reaction', emoji: undefined });
  });

  it('reads photos, voice notes, files and stickers as attachments with their links', () => {
    expect(parseMessenger(body(attachment))[0]).toMatchObject({
      kind: 'event', event: { type: 'message', externalId: 'm_AtTaCh0123456789abcdefghijklmn_6', text: '', attachments: [{ kind: 'image', url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/123_n.jpg' }] },
    });
    const several = structuredClone(attachment);
    several.entry[0]!.messaging[0]!.message = { mid: 'm_x', text: 'this one', attachments: [
      { type: 'audio', payload: { url: 'https://cdn.fbsbx.com/v/a.mp4' } }, { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/s.png', sticker_id: 369239263222822 } as never },
      { type: 'file', payload: { url: 'https://cdn.fbsbx.com/v/invoice.pdf' } }, { type: 'fallback', payload: { url: 'https://example.com' } },
    ] } as never;
    const like = structuredClone(attachment);
    like.entry[0]!.messaging[0]!.message = { mid: 'm_like', attachments: [{ type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/like.png', sticker_id: 369239263222822 } as never }] } as never;
    expect(parseMessenger(body(like))[0]).toMatchObject({ kind: 'event', event: { text: '👍' } });
    expect((parseMessenger(body(like))[0] as { event: { attachments?: unknown } }).event.attachments).toBeUndefined();
    expect(parseMessenger(body(several))[0]).toMatchObject({ event: { text: 'this one', attachments: [
      { kind: 'audio', url: 'https://cdn.fbsbx.com/v/a.mp4' }, { kind: 'sticker', url: 'https://scontent.xx.fbcdn.net/s.png' }, { kind: 'file', url: 'https://cdn.fbsbx.com/v/invoice.pdf' },
    ] } });
  });

  it('reads deliveries by message id and reads by watermark', () => {
    expect(parseMessenger(body(deliveryRead))).toEqual([
      { kind: 'status', channel: 'messenger', providerId: 'm_SeNt0123456789abcdefghijklmnop_5', status: 'delivered' },
      { kind: 'watermark', channel: 'messenger', userId: '6789012345678901', status: 'read', watermark: new Date(1763898547000) },
    ]);
  });

  it('reads every entry of a batch; refuses malformed bodies', () => {
    const two = { object: 'page', entry: [text.entry[0], quickReply.entry[0], postback.entry[0]] };
    expect(parseMessenger(body(two))).toHaveLength(3);
    expect(() => parseMessenger(Buffer.from('not json'))).toThrow(MalformedPayloadError);
    expect(() => parseMessenger(body({ object: 'page', entry: [{ id: '1', time: 1, messaging: [{ recipient: { id: '1' }, timestamp: 1 }] }] }))).toThrow(/sender/);
  });
});

describe('messenger #format', () => {
  it('puts up to 13 quick replies on the last part, titles cut at 20', () => {
    const suggestions = Array.from({ length: 15 }, (_, i) => ({ entryId: `e${i}`, title: `A rather long suggested question ${i}` }));
    const out = formatMessenger({ role: 'bot', text: 'Did you mean one of these?', suggestions });
    expect(out).toHaveLength(1);
    expect(out[0]!.quick_replies).toHaveLength(MESSENGER_LIMITS.quickReplies);
    expect(out[0]!.quick_replies![0]).toEqual({ content_type: 'text', title: 'A rather long sugge…', payload: 'entry:e0' });
  });

  it('splits long answers at 2000 characters', () => {
    const out = formatMessenger({ role: 'bot', text: 'Some words in a sentence. '.repeat(200), suggestions: [{ entryId: 'x', title: 'More' }] });
    expect(out.length).toBeGreaterThan(1);
    for (const m of out) expect('text' in m && m.text.length).toBeLessThanOrEqual(MESSENGER_LIMITS.text);
    expect(out.slice(0, -1).every((m) => !m.quick_replies)).toBe(true);
    expect(out.at(-1)!.quick_replies).toHaveLength(1);
  });
});
