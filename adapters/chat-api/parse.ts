import type { InboundEvent } from '../../bot/index.ts';
import { BadRequestError, parseInput } from '../../errors/index.ts';
import { MalformedPayloadError } from '../core/errors.ts';
import type { WebhookItem } from '../types.ts';
import { ChatRequest } from './types.ts';

export const CHAT_API_CHANNEL = 'api';

/**
 * The language of a well-formed BCP 47 tag ("pl", "pl-PL", "zh-Hant-TW", "pt_BR"), lower case;
 * undefined for anything else. Only ISO 639 codes (two or three letters) name a language here.
 */
export function languageOfTag(tag: string): string | undefined {
  const t = tag.trim().replace(/_/g, '-');
  if (!/^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i.test(t)) return undefined;
  try {
    return new Intl.Locale(Intl.getCanonicalLocales(t)[0]!).language;
  } catch {
    return undefined;
  }
}

/**
 * A request body's bytes as JSON; empty bytes are an empty object, as a JSON body parser leaves a
 * request that sent none.
 * @throws MalformedPayloadError when the bytes are not JSON.
 */
function decode(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedPayloadError(CHAT_API_CHANNEL, 'body is not valid JSON');
  }
}

/**
 * A chat request as the canonical event: a message, or a choose when it names an entry. Each
 * userId is one customer on channel "api"; `messageId` is the dedupe key (a fresh one without it,
 * so such a request is never taken for a repeat).
 * @throws BadRequestError `bad_request` naming the first field that does not fit (with every
 *   issue in `details`), `bad_lang` for a `lang` that is not a language tag (naming `languages`);
 *   MalformedPayloadError when the body is not JSON.
 */
export function parseChatRequest(body: Buffer, languages: readonly string[] = []): WebhookItem[] {
  const { userId, text, messageId, entryId, lang: requested } = parseInput(ChatRequest, decode(body), 'body');
  const lang = requested === undefined ? undefined : languageOfTag(requested);
  if (requested !== undefined && lang === undefined) {
    throw new BadRequestError('bad_lang', `lang: "${requested}" is not a language tag${languages.length ? `; accepted languages: ${languages.join(', ')}` : ''}`, {
      fields: { languages: languages.length ? languages : undefined },
    });
  }
  const conversation = { channel: CHAT_API_CHANNEL, userId };
  const externalId = messageId ?? `api-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const event: InboundEvent = entryId
    ? { type: 'choose', conversation, externalId, from: { id: userId }, choice: { entryId, title: text }, lang }
    : { type: 'message', conversation, externalId, from: { id: userId }, text, lang };
  return [{ kind: 'event', event }];
}
