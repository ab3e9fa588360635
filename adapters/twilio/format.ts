import { SegmentedMessage } from 'sms-segments-calculator';
import type { StoredMessage } from '../../bot/index.ts';
import { renderPlainText } from '../../knowledge/index.ts';
import { numberedOptions } from '../core/numbered-choice.ts';
import { splitText } from '../core/text-split.ts';

/** Twilio's hard limit for one message body. */
export const TWILIO_MAX_BODY = 1600;

/** One SMS (or Twilio WhatsApp) message body and what it costs. */
export interface SmsPart {
  body: string;
  /** GSM-7 unless one character needs UCS-2 (then the whole part is UCS-2). */
  encoding: 'GSM-7' | 'UCS-2';
  /** Segments the carrier bills: 160/153 chars per segment in GSM-7, 70/67 in UCS-2. */
  segments: number;
}

export interface SmsFormatOptions {
  /** Most segments per message; longer answers are split into several messages. Default 10 (Twilio's advice). */
  maxSegments?: number;
  /** Most characters per message. Default 1600 (Twilio's limit). */
  maxChars?: number;
  /** Count segments (SMS) or only characters (WhatsApp through Twilio has no segments). Default true. */
  countSegments?: boolean;
}

// GSM 03.38 basic character set, and the extension table whose characters cost two septets.
const GSM_BASIC = new Set(Array.from('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'));
const GSM_EXTENDED = new Set(Array.from('^{}\\[~]|€\f'));

/** Fill segments of `capacity` with items of the given costs; an item never straddles two segments. */
function pack(costs: number[], single: number, capacity: number): number {
  const total = costs.reduce((a, b) => a + b, 0);
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const c of costs) {
    if (used + c > capacity) {
      segments++;
      used = 0;
    }
    used += c;
  }
  return segments;
}

/**
 * Encoding and segment count as carriers bill them: GSM-7 (160 septets, 153 per concatenated
 * segment; extension characters like € cost two) unless one character needs UCS-2 (70 units,
 * 67 per segment; emoji cost two). Agrees with Twilio's sms-segments-calculator (see the tests),
 * which is far too slow (~0.5 s for 1600 characters) to call while searching for split points.
 */
export function smsSegments(text: string): { encoding: SmsPart['encoding']; segments: number } {
  const chars = Array.from(text);
  if (chars.every((ch) => GSM_BASIC.has(ch) || GSM_EXTENDED.has(ch))) {
    return { encoding: 'GSM-7', segments: pack(chars.map((ch) => (GSM_EXTENDED.has(ch) ? 2 : 1)), 160, 153) };
  }
  return { encoding: 'UCS-2', segments: pack(chars.map((ch) => ch.length), 70, 67) };
}

/** Twilio's own calculator (sms-segments-calculator): the reference `smsSegments` is tested against. */
export function measureSms(text: string): { encoding: SmsPart['encoding']; segments: number } {
  const m = new SegmentedMessage(text);
  return { encoding: m.getEncodingName() === 'UCS-2' ? 'UCS-2' : 'GSM-7', segments: m.segmentsCount };
}

/**
 * A stored message as SMS bodies: Markdown as plain text (links become "text (url)"),
 * suggestions as numbered options the customer answers with a digit, cut at paragraph, line,
 * sentence or word boundaries so each body stays within the segment and character budget.
 */
export function formatSms(message: Pick<StoredMessage, 'text' | 'lang' | 'suggestions' | 'role'>, options: SmsFormatOptions = {}): SmsPart[] {
  const { maxSegments = 10, maxChars = TWILIO_MAX_BODY, countSegments = true } = options;
  const text = message.role === 'customer' ? message.text : renderPlainText(message.text);
  const choices = numberedOptions(message.suggestions ?? [], message.lang ?? 'en');
  const full = choices ? `${text}\n\n${choices}` : text;
  const fits = (chunk: string) => chunk.length <= maxChars && (!countSegments || smsSegments(chunk).segments <= maxSegments);
  return splitText(full, fits).map((body) => ({ body, ...smsSegments(body) }));
}
