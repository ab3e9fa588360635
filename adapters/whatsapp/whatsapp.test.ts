import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../core/errors.ts';
import { metaJson, metaSignature } from '../test-support.ts';
import { formatWhatsApp, WA_LIMITS } from './format.ts';
import batch from './fixtures/batch.json' with { type: 'json' };
import buttonReply from './fixtures/button-reply.json' with { type: 'json' };
import image from './fixtures/image.json' with { type: 'json' };
import listReply from './fixtures/list-reply.json' with { type: 'json' };
import statuses from './fixtures/statuses.json' with { type: 'json' };
import text from './fixtures/text.json' with { type: 'json' };
import { parseWhatsApp } from './parse.ts';
import { verifyWhatsAppSignature, whatsappChallenge } from './verify.ts';

const SECRET = 'whatsapp-app-secret';
const body = (payload: unknown) => Buffer.from(metaJson(payload));

describe('whatsapp #verify', () => {
  it('accepts Meta\'s signature over the raw, unicode-escaped bytes', () => {
    const raw = body(text);
    expect(raw.toString()).toContain('Zo\\u00eb');
    expect(verifyWhatsAppSignature(metaSignature(SECRET, raw), raw, SECRET)).toEqual({ ok: true });
  });

  it('refuses a re-serialised body, a wrong secret, a missing or malformed header', () => {
    const raw = body(text);
    const sig = metaSignature(SECRET, raw);
    expect(verifyWhatsAppSignature(sig, Buffer.from(JSON.stringify(text)), SECRET)).toMatchObject({ ok: false, status: 403 });
    expect(verifyWhatsAppSignature(metaSignature('other', raw), raw, SECRET)).toMatchObject({ ok: false, status: 403 });
    expect(verifyWhatsAppSignature(undefined, raw, SECRET)).toMatchObject({ ok: false, status: 401 });
    expect(verifyWhatsAppSignature('sha1=abc', raw, SECRET)).toMatchObject({ ok: false, status: 403 });
  });

  it('answers the subscription check only with the right token', () => {
    const q = (token: string, mode = 'subscribe') => new URLSearchParams({ 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': '1158201444' });
    expect(whatsappChallenge(q('verify-me'), 'verify-me')).toEqual({ status: 200, body: '1158201444' });
    expect(whatsappChallenge(q('nope'), 'verify-me').status).toBe(403);
    expect(whatsappChallenge(q('verify-me', 'unsubscribe'), 'verify-me').status).toBe(403);
  });
});

describe('whatsapp #parse', () => {
  it('reads a text message with the sender\'s name, phone and time', () => {
    expect(parseWhatsApp(body(text))).toEqual([{
      kind: 'event', phone: '+48601234567',
      event: expect.objectContaining({
        type: 'message', text: 'Jak mogę zapłacić za zamówienie?', externalId: text.entry[0]!.changes[0]!.value.messages[0]!.id,
        conversation: { channel: 'whatsapp', userId: '48601234567', threadId: '106540352242922' }, from: { id: '48601234567', name: 'Zoë Kowalska' },
        timestamp: new Date(1763898543 * 1000),
      }),
    }]);
  });

  it('reads a tapped reply button and list row back as the chosen entry', () => {
    expect(parseWhatsApp(body(buttonReply))[0]).toMatchObject({ kind: 'event', event: { type: 'choose', choice: { entryId: 'refund-timing' } } });
    expect(parseWhatsApp(body(listReply))[0]).toMatchObject({ kind: 'event', event: { type: 'choose', choice: { entryId: 'delivery-cost' } } });
  });

  it('reads every entry, change and message of a batch', () => {
    const items = parseWhatsApp(body(batch));
    expect(items.map((i) => i.kind)).toEqual(['event', 'event', 'reaction']);
    expect(items[2]).toMatchObject({ providerId: 'wamid.BATCH-0', emoji: '👍' });
  });

  it('reads statuses, failures with their error', () => {
    const items = parseWhatsApp(body(statuses));
    expect(items.map((i) => i.kind === 'status' && i.status)).toEqual(['delivered', 'sent', 'failed']);
    expect(items[2]).toMatchObject({ error: 'WhatsApp error 131047: Re-engagement message' });
  });

  it('reads photos, voice notes, documents and locations as attachments, a caption as the text', () => {
    expect(parseWhatsApp(body(image))).toMatchObject([{ kind: 'event', event: { type: 'message', text: 'my parcel', attachments: [{ kind: 'image', ref: '1003383421387256', mime: 'image/jpeg' }] }, phone: '+16505551234' }]);
    const as = (m: object) => {
      const b = structuredClone(image);
      b.entry[0]!.changes[0]!.value.messages[0] = { ...b.entry[0]!.changes[0]!.value.messages[0]!, image: undefined, ...m } as never;
      return parseWhatsApp(body(b))[0];
    };
    expect(as({ type: 'audio', audio: { id: 'a1', mime_type: 'audio/ogg; codecs=opus', voice: true } })).toMatchObject({ event: { text: '', attachments: [{ kind: 'audio', ref: 'a1' }] } });
    expect(as({ type: 'document', document: { id: 'd1', filename: 'invoice.pdf', mime_type: 'application/pdf' } })).toMatchObject({ event: { attachments: [{ kind: 'file', ref: 'd1', name: 'invoice.pdf' }] } });
    expect(as({ type: 'location', location: { latitude: 52.2297, longitude: 21.0122, name: 'Home' } })).toMatchObject({ event: { attachments: [{ kind: 'location', name: 'Home', url: expect.stringContaining('mlat=52.2297&mlon=21.0122') }] } });
    expect(as({ type: 'location', location: {} })).toMatchObject({ kind: 'ignored', type: 'location' });
  });

  it('reads a reaction on our message; ignores other objects; refuses malformed JSON', () => {
    const reaction = structuredClone(image);
    reaction.entry[0]!.changes[0]!.value.messages[0] = { ...reaction.entry[0]!.changes[0]!.value.messages[0]!, type: 'reaction', image: undefined, reaction: { message_id: 'wamid.X', emoji: '👍' } } as never;
    expect(parseWhatsApp(body(reaction))).toEqual([{ kind: 'reaction', channel: 'whatsapp', userId: '16505551234', providerId: 'wamid.X', emoji: '👍' }]);
    const contacts = structuredClone(image);
    contacts.entry[0]!.changes[0]!.value.messages[0] = { ...contacts.entry[0]!.changes[0]!.value.messages[0]!, type: 'contacts', image: undefined } as never;
    expect(parseWhatsApp(body(contacts))).toEqual([{ kind: 'ignored', channel: 'whatsapp', reason: 'message type without text', type: 'contacts' }]);
    expect(parseWhatsApp(body({ object: 'page', entry: [] }))[0]!.kind).toBe('ignored');
    expect(() => parseWhatsApp(Buffer.from('{"object":'))).toThrow(MalformedPayloadError);
    expect(() => parseWhatsApp(Buffer.from('[1]'))).toThrow(MalformedPayloadError);
    expect(() => parseWhatsApp(body({ object: 'whatsapp_business_account', entry: 'x' }))).toThrow(MalformedPayloadError);
  });
});

describe('whatsapp #format', () => {
  const s = (n: number, title = (i: number) => `Question ${i}`) => Array.from({ length: n }, (_, i) => ({ entryId: `e${i}`, title: title(i) }));
  const msg = (text: string, suggestions?: Array<{ entryId: string; title: string }>) => ({ role: 'bot' as const, lang: 'en', text, suggestions });

  it('sends an agent\'s photo and document after the words, each by its link, the document with its name', () => {
    const attachments = [
      { kind: 'image' as const, ref: 'af_1', mime: 'image/png', url: 'https://bot.example/files/af_1' },
      { kind: 'file' as const, ref: 'af_2', mime: 'application/pdf', name: 'etykieta.pdf', url: 'https://bot.example/files/af_2' },
    ];
    expect(formatWhatsApp({ role: 'agent', lang: 'pl', text: '', attachments })).toEqual([
      { type: 'image', image: { link: 'https://bot.example/files/af_1' } },
      { type: 'document', document: { link: 'https://bot.example/files/af_2', filename: 'etykieta.pdf' } },
    ]);
    // WhatsApp takes JPEG and PNG as photos only: a GIF goes as its link.
    expect(formatWhatsApp({ role: 'agent', lang: 'pl', text: '', attachments: [{ kind: 'image', ref: 'af_3', mime: 'image/gif', url: 'https://bot.example/files/af_3' }] }))
      .toEqual([{ type: 'text', text: { body: 'https://bot.example/files/af_3', preview_url: true } }]);
  });

  it('sends a plain answer as text, links previewed', () => {
    expect(formatWhatsApp(msg('See **Orders** at https://shop.example.com'))).toEqual([{ type: 'text', text: { body: 'See Orders at https://shop.example.com', preview_url: true } }]);
  });

  it('offers up to 3 short suggestions as reply buttons with our entry ids', () => {
    const [out] = formatWhatsApp(msg('You can return items within **30 days**.', s(3)));
    expect(out).toEqual({
      type: 'interactive', interactive: {
        type: 'button', body: { text: 'You can return items within 30 days.' },
        action: { buttons: s(3).map((x) => ({ type: 'reply', reply: { id: `entry:${x.entryId}`, title: x.title } })) },
      },
    });
  });

  it('uses a list of at most 10 rows for more, or longer, suggestions', () => {
    const [many] = formatWhatsApp(msg('Did you mean one of these?', s(12)));
    expect(many).toMatchObject({ type: 'interactive', interactive: { type: 'list', action: { button: 'Choose' } } });
    const rows = (many as any).interactive.action.sections.flatMap((x: any) => x.rows);
    expect(rows).toHaveLength(WA_LIMITS.listRows);
    const [long] = formatWhatsApp(msg('Related:', s(2, (i) => `How long does it take to get my refund number ${i}?`)));
    const row = (long as any).interactive.action.sections[0].rows[0];
    expect(Array.from(row.title as string).length).toBeLessThanOrEqual(WA_LIMITS.rowTitle);
    expect(row.description).toBe('How long does it take to get my refund number 0?');
  });

  it('keeps every limit for a long answer: text parts ≤ 4096, then the choices', () => {
    const out = formatWhatsApp(msg('A sentence that is long enough to matter. '.repeat(300), s(2)));
    expect(out.length).toBeGreaterThan(2);
    for (const p of out.slice(0, -1)) expect(p.type === 'text' && p.text.body.length).toBeLessThanOrEqual(WA_LIMITS.text);
    const last = out.at(-1)!;
    expect(last.type === 'interactive' && last.interactive.body.text).toBe('Related questions:');
  });
});
