import type { Attachment, InboundEvent } from '../../bot/index.ts';
import { kindOfMime, locationAttachment } from '../core/attachments.ts';
import { MalformedPayloadError } from '../core/errors.ts';
import { entryFromPayload } from '../core/payload.ts';
import { canonicalStatus } from '../core/status.ts';
import type { WebhookItem } from '../types.ts';
import type { FormParams } from './verify.ts';

/** Channel ids of the two senders behind the one Twilio webhook. */
export const SMS_CHANNEL = 'sms';
export const TWILIO_WHATSAPP_CHANNEL = 'twilio-whatsapp';

const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);

/**
 * Decode an application/x-www-form-urlencoded body strictly: a broken %-escape is an error
 * (a lenient decoder would silently change the values the signature covers).
 * @throws MalformedPayloadError
 */
export function parseForm(body: Buffer): FormParams {
  const text = body.toString('utf8');
  if (!text.trim()) throw new MalformedPayloadError('twilio', 'empty form body');
  const out: FormParams = [];
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    try {
      out.push([decodeURIComponent(k.replace(/\+/g, ' ')), decodeURIComponent(v.replace(/\+/g, ' '))]);
    } catch {
      throw new MalformedPayloadError('twilio', `malformed form encoding near "${pair.slice(0, 40)}"`);
    }
  }
  return out;
}

/** The last value of each parameter, by name. */
export function formRecord(params: FormParams): Record<string, string> {
  return Object.fromEntries(params);
}

/** A Twilio address as channel, user id and E.164 phone (for linking SMS and WhatsApp). */
export function twilioAddress(from: string): { channel: string; userId: string; phone?: string } {
  const wa = /^whatsapp:(\+?\d{6,15})$/i.exec(from);
  if (wa) return { channel: TWILIO_WHATSAPP_CHANNEL, userId: `whatsapp:${wa[1]!.startsWith('+') ? wa[1] : `+${wa[1]}`}`, phone: wa[1]!.startsWith('+') ? wa[1] : `+${wa[1]}` };
  return { channel: SMS_CHANNEL, userId: from, phone: /^\+\d{6,15}$/.test(from) ? from : undefined };
}

function keyword(p: Record<string, string>): 'opt-out' | 'opt-in' | 'help' | undefined {
  // Advanced Opt-Out tells us what it matched (including custom keywords); otherwise match Twilio's defaults.
  const told = p.OptOutType?.toUpperCase();
  if (told === 'STOP') return 'opt-out';
  if (told === 'START') return 'opt-in';
  if (told === 'HELP') return 'help';
  const word = (p.Body ?? '').trim().replace(/[.!]+$/, '').toUpperCase();
  if (OPT_OUT.has(word)) return 'opt-out';
  if (OPT_IN.has(word)) return 'opt-in';
  if (HELP.has(word)) return 'help';
  return undefined;
}

/** An MMS's or WhatsApp message's media (MediaUrl0…, up to NumMedia), and a shared location. */
function twilioAttachments(p: Record<string, string | undefined>): Attachment[] {
  const out: Attachment[] = [];
  // Twilio sends at most 10 media items with one message.
  const count = Math.min(Number(p.NumMedia ?? 0) || 0, 10);
  for (let i = 0; i < count; i++) {
    const url = p[`MediaUrl${i}`];
    const mime = p[`MediaContentType${i}`];
    // The message and media ids, by which the server fetches it with the account's credentials.
    const ids = /\/Messages\/(MM\w+)\/Media\/(ME\w+)/.exec(url ?? '');
    if (url) out.push({ kind: kindOfMime(mime), url, ...(ids ? { ref: `${ids[1]}/${ids[2]}` } : {}), ...(mime ? { mime } : {}) });
  }
  const place = p.Latitude !== undefined ? locationAttachment(p.Latitude, p.Longitude, p.Label || p.Address || undefined) : undefined;
  if (place) out.push(place);
  return out;
}

/**
 * A Twilio webhook (inbound message or status callback) as items. Inbound: STOP/START/HELP become
 * control items, a tapped WhatsApp button with our payload a `choose`; a message with text, media
 * (MMS, WhatsApp photos and voice notes) or a location is a message, its media as attachments;
 * one with none of them is ignored (logged).
 * @throws MalformedPayloadError when required parameters are missing.
 */
export function parseTwilio(params: FormParams): WebhookItem[] {
  const p = formRecord(params);
  const sid = p.MessageSid ?? p.SmsMessageSid ?? p.SmsSid;
  if (!sid) throw new MalformedPayloadError('twilio', 'MessageSid is missing');
  if (p.MessageStatus !== undefined) {
    const address = twilioAddress(p.To ?? '');
    const status = canonicalStatus(p.MessageStatus);
    if (!status) return [{ kind: 'ignored', channel: address.channel, reason: 'status that is not a delivery state', type: p.MessageStatus }];
    return [{ kind: 'status', channel: address.channel, providerId: sid, status, error: p.ErrorCode ? `Twilio error ${p.ErrorCode}` : undefined }];
  }
  if (!p.From) throw new MalformedPayloadError('twilio', 'From is missing');
  const address = twilioAddress(p.From);
  const event: InboundEvent = {
    type: 'message',
    conversation: { channel: address.channel, userId: address.userId, threadId: p.To || undefined },
    externalId: sid,
    from: { id: address.userId, name: p.ProfileName || undefined },
    text: p.Body ?? '',
    timestamp: new Date(),
    raw: p,
  };
  const control = keyword(p);
  if (control) return [{ kind: 'control', action: control, event, phone: address.phone }];
  const chosen = entryFromPayload(p.ButtonPayload);
  if (chosen) {
    const title = p.ButtonText || p.Body || '';
    return [{ kind: 'event', event: { ...event, type: 'choose', choice: { entryId: chosen, title }, text: title }, phone: address.phone }];
  }
  const attachments = twilioAttachments(p);
  if (attachments.length) event.attachments = attachments;
  if (!event.text!.trim() && !attachments.length) return [{ kind: 'ignored', channel: address.channel, reason: 'message without text', type: 'empty' }];
  return [{ kind: 'event', event, phone: address.phone }];
}
