import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../core/errors.ts';
import { numberedChoice } from '../core/numbered-choice.ts';
import inboundMms from './fixtures/inbound-mms.json' with { type: 'json' };
import inboundSms from './fixtures/inbound-sms.json' with { type: 'json' };
import inboundStop from './fixtures/inbound-stop.json' with { type: 'json' };
import inboundWhatsapp from './fixtures/inbound-whatsapp.json' with { type: 'json' };
import statusDelivered from './fixtures/status-delivered.json' with { type: 'json' };
import statusFailed from './fixtures/status-failed.json' with { type: 'json' };
import { formatSms, measureSms, smsSegments } from './format.ts';
import { parseForm, parseTwilio } from './parse.ts';
import { twilioSignature, verifyTwilioSignature, type FormParams } from './verify.ts';

const form = (p: Record<string, string>): FormParams => Object.entries(p);
const bytes = (p: Record<string, string>) => Buffer.from(new URLSearchParams(p).toString());

describe('sms #verify', () => {
  const token = 'test-auth-token-0123456789abcdef';
  const url = 'https://bot.example.com/webhooks/twilio';

  it('reproduces Twilio\'s published test vector', () => {
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', form(params))).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('accepts what the official twilio package signs, with the default port or without', () => {
    const sig = twilio.getExpectedTwilioSignature(token, url, inboundSms);
    expect(verifyTwilioSignature(sig, url, form(inboundSms), token)).toEqual({ ok: true });
    const withPort = twilio.getExpectedTwilioSignature(token, 'https://bot.example.com:443/webhooks/twilio', inboundSms);
    expect(verifyTwilioSignature(withPort, url, form(inboundSms), token)).toEqual({ ok: true });
  });

  it('covers every parameter, including ones Twilio adds without notice', () => {
    const extra = { ...inboundSms, SomeNewParam: 'x' };
    const sig = twilio.getExpectedTwilioSignature(token, url, extra);
    expect(verifyTwilioSignature(sig, url, form(extra), token).ok).toBe(true);
    expect(verifyTwilioSignature(sig, url, form(inboundSms), token)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a missing (401) or wrong (403) signature, another URL or token', () => {
    const sig = twilio.getExpectedTwilioSignature(token, url, inboundSms);
    expect(verifyTwilioSignature(undefined, url, form(inboundSms), token)).toMatchObject({ ok: false, status: 401 });
    expect(verifyTwilioSignature(sig, 'https://evil.example.com/webhooks/twilio', form(inboundSms), token)).toMatchObject({ status: 403 });
    expect(verifyTwilioSignature(sig, url, form(inboundSms), 'other-token')).toMatchObject({ status: 403 });
    expect(verifyTwilioSignature(sig, url, form({ ...inboundSms, Body: 'changed' }), token)).toMatchObject({ status: 403 });
  });
});

describe('sms #parse', () => {
  it('reads an inbound SMS as a message from the sender, replying from the number written to', () => {
    const [item] = parseTwilio(parseForm(bytes(inboundSms)));
    expect(item).toMatchObject({
      kind: 'event', phone: '+14155550123',
      event: { type: 'message', text: 'How do I return an item?', externalId: inboundSms.MessageSid, conversation: { channel: 'sms', userId: '+14155550123', threadId: '+14155550100' } },
    });
  });

  it('puts whatsapp:+ senders on their own channel, linked by the same phone', () => {
    const [item] = parseTwilio(parseForm(bytes(inboundWhatsapp)));
    expect(item).toMatchObject({
      kind: 'event', phone: '+14155550123',
      event: { conversation: { channel: 'twilio-whatsapp', userId: 'whatsapp:+14155550123', threadId: 'whatsapp:+14155238886' }, from: { name: 'Ana' } },
    });
  });

  it.each([
    ['STOP', 'opt-out'], ['stop', 'opt-out'], ['Unsubscribe', 'opt-out'], ['CANCEL', 'opt-out'], ['START', 'opt-in'], ['unstop', 'opt-in'], ['HELP', 'help'], ['info', 'help'],
  ])('turns the keyword %s into %s, never a question', (body, action) => {
    const [item] = parseTwilio(parseForm(bytes({ ...inboundSms, Body: body })));
    expect(item).toMatchObject({ kind: 'control', action });
  });

  it('trusts Advanced Opt-Out\'s OptOutType', () => {
    expect(parseTwilio(parseForm(bytes(inboundStop)))[0]).toMatchObject({ kind: 'control', action: 'opt-out' });
    expect(parseTwilio(parseForm(bytes({ ...inboundSms, Body: 'please stop now' })))[0]!.kind).toBe('event');
  });

  it('reads an MMS\'s media and a shared location as attachments; ignores a message with neither text nor them', () => {
    expect(parseTwilio(parseForm(bytes(inboundMms)))).toMatchObject([{ kind: 'event', event: { type: 'message', text: '', attachments: [
      { kind: 'image', url: inboundMms.MediaUrl0, mime: 'image/jpeg', ref: 'MM3c2b1a0f9e8d7c6b5a4938271605f4e3/ME0f1e2d3c4b5a69788796a5b4c3d2e1f0' },
    ] } }]);
    const two = { ...inboundMms, Body: 'see the box', NumMedia: '2', MediaUrl1: 'https://api.twilio.com/media/ME1', MediaContentType1: 'application/pdf' };
    expect(parseTwilio(parseForm(bytes(two)))[0]).toMatchObject({ event: { text: 'see the box', attachments: [{ kind: 'image' }, { kind: 'file', url: 'https://api.twilio.com/media/ME1', mime: 'application/pdf' }] } });
    const place = { ...inboundSms, Body: '', Latitude: '52.2297', Longitude: '21.0122', Label: 'Warszawa' };
    expect(parseTwilio(parseForm(bytes(place)))[0]).toMatchObject({ event: { attachments: [{ kind: 'location', url: 'https://www.openstreetmap.org/?mlat=52.2297&mlon=21.0122#map=17/52.2297/21.0122', name: 'Warszawa' }] } });
    expect(parseTwilio(parseForm(bytes({ ...inboundSms, Body: ' ' })))).toEqual([{ kind: 'ignored', channel: 'sms', reason: 'message without text', type: 'empty' }]);
  });

  it('reads status callbacks as canonical statuses', () => {
    expect(parseTwilio(parseForm(bytes(statusDelivered)))).toEqual([{ kind: 'status', channel: 'sms', providerId: statusDelivered.MessageSid, status: 'delivered', error: undefined }]);
    expect(parseTwilio(parseForm(bytes(statusFailed)))[0]).toMatchObject({ status: 'failed', error: 'Twilio error 30003' });
  });

  it('refuses broken form encoding and payloads without MessageSid', () => {
    expect(() => parseForm(Buffer.from('Body=%E0%A4%A&From=%2B1'))).toThrow(MalformedPayloadError);
    expect(() => parseForm(Buffer.from(''))).toThrow(MalformedPayloadError);
    expect(() => parseTwilio(parseForm(Buffer.from('Body=hi&From=%2B14155550123')))).toThrow(/MessageSid/);
  });
});

describe('sms #format', () => {
  const answer = (text: string, suggestions?: Array<{ entryId: string; title: string }>) => ({ role: 'bot' as const, lang: 'en', text, suggestions });

  it('renders Markdown as plain text with links spelled out', () => {
    const [part] = formatSms(answer('See **Orders** in [your account](https://shop.example.com/account).'));
    expect(part!.body).toBe('See Orders in your account (https://shop.example.com/account).');
    expect(part).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('offers suggestions as numbered options that a digit picks back', () => {
    const suggestions = [{ entryId: 'refund-timing', title: 'When will I get my refund?' }, { entryId: 'delivery-cost', title: 'How much does delivery cost?' }];
    const [part] = formatSms(answer('You can return items within 30 days.', suggestions));
    expect(part!.body).toBe('You can return items within 30 days.\n\nReply with a number:\n1. When will I get my refund?\n2. How much does delivery cost?');
    expect(numberedChoice('2', suggestions)).toEqual(suggestions[1]);
    expect(numberedChoice(' 1. ', suggestions)).toEqual(suggestions[0]);
    expect(numberedChoice('3', suggestions)).toBeUndefined();
    expect(numberedChoice('10 days', suggestions)).toBeUndefined();
  });

  it('counts GSM-7 and UCS-2 segments (one ç makes the whole message UCS-2)', () => {
    expect(measureSms('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1 });
    expect(measureSms('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2 });
    expect(measureSms(`${'a'.repeat(69)}ç`)).toEqual({ encoding: 'UCS-2', segments: 1 });
    expect(measureSms(`${'a'.repeat(70)}ç`)).toEqual({ encoding: 'UCS-2', segments: 2 });
    expect(measureSms('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1 });
  });

  it('counts segments exactly like Twilio\'s calculator, characters never straddling two segments', () => {
    const texts = ['a'.repeat(160), 'a'.repeat(153 * 3), 'a'.repeat(153 * 3 + 1), '€'.repeat(80), '€'.repeat(81), `${'a'.repeat(152)}€b`,
      `${'x'.repeat(200)}ç`, 'Zwrot pieniędzy '.repeat(20), '您好！'.repeat(50), '{[]}'.repeat(50), `${'a'.repeat(66)}😀${'b'.repeat(10)}`, '😀'.repeat(40)];
    for (const text of texts) expect(smsSegments(text), text.slice(0, 20)).toEqual(measureSms(text));
  });

  it('splits long answers between sentences, each part within the segment budget', () => {
    const sentence = 'Returns are free within thirty days of delivery for every item in its original packaging. ';
    const parts = formatSms(answer(sentence.repeat(40)), { maxSegments: 3 });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.segments).toBeLessThanOrEqual(3);
      expect(p.body).toMatch(/packaging\.$/);
    }
    expect(parts.map((p) => p.body).join(' ')).toBe(sentence.repeat(40).trim());
  });

  it('keeps Polish and Chinese answers whole within UCS-2 limits', () => {
    const pl = formatSms({ role: 'bot', lang: 'pl', text: 'Zwrot pieniędzy trwa do **5 dni roboczych**. '.repeat(30) }, { maxSegments: 2 });
    for (const p of pl) expect(p).toMatchObject({ encoding: 'UCS-2' });
    for (const p of pl) expect(p.segments).toBeLessThanOrEqual(2);
    const zh = formatSms({ role: 'bot', lang: 'zh', text: '您好！'.repeat(100) }, { maxSegments: 1 });
    for (const p of zh) expect(p.body.length).toBeLessThanOrEqual(70);
  });

  it('never exceeds 1600 characters per message', () => {
    const parts = formatSms(answer('word '.repeat(2000)), { maxSegments: 1000 });
    for (const p of parts) expect(p.body.length).toBeLessThanOrEqual(1600);
  });
});
