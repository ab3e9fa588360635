import iconv from 'iconv-lite';
import type { InboundEvent } from '../../bot/index.ts';
import { BadRequestError, parseInput, UnsupportedMediaTypeError } from '../../errors/index.ts';
import { MalformedPayloadError } from '../core/errors.ts';
import { languageTag } from '../core/language-tag.ts';
import type { WebhookItem } from '../types.ts';
import { ChatRequest } from './types.ts';

export const CHAT_API_CHANNEL = 'api';

/** The charset a Content-Type names, lower case; undefined when it names none. */
function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

/**
 * Refuse a JSON body in a charset other than a Unicode one (RFC 8259), before it is read, as
 * Express's JSON parser did for the chat API.
 * @throws UnsupportedMediaTypeError (415, `bad_request`) naming the charset.
 */
export function checkJsonCharset(contentType: string | undefined): void {
  const charset = charsetOf(contentType) ?? 'utf-8';
  if (!charset.startsWith('utf-') || !iconv.encodingExists(charset)) throw new UnsupportedMediaTypeError('bad_request', `unsupported charset "${charset.toUpperCase()}"`);
}

/**
 * A request body's bytes as JSON, read as Express's JSON parser read them (the chat API's
 * contract before its body was read raw): decoded from the Content-Type's charset (UTF-8 by
 * default, a byte order mark dropped), no bytes are an empty object, and the top level must be
 * an object or an array (strict mode).
 * @throws MalformedPayloadError (400 `bad_json`) for anything else; UnsupportedMediaTypeError for a
 *   charset that is not a Unicode one.
 */
export function decodeJsonBody(body: Buffer, contentType?: string): unknown {
  checkJsonCharset(contentType);
  const text = iconv.decode(body, charsetOf(contentType) ?? 'utf-8');
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/s.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new MalformedPayloadError(CHAT_API_CHANNEL, `body is not a JSON object or array${first === undefined ? '' : ` (it starts with "${first}")`}`, 'bad_json');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new MalformedPayloadError(CHAT_API_CHANNEL, (err as Error).message, 'bad_json');
  }
}

/**
 * A chat request as the canonical event: a message, or a choose when it names an entry. Each
 * userId is one customer on channel "api"; `messageId` is the dedupe key (a fresh one without it,
 * so such a request is never taken for a repeat).
 * `body` is the request's bytes as read, `contentType` its header (the bytes' charset).
 * @throws BadRequestError `bad_request` naming the first field that does not fit (with every
 *   issue in `details`), `bad_lang` for a `lang` that is not a language tag (naming `languages`),
 *   MalformedPayloadError (`bad_json`) when the body is not a JSON object or array (see decodeJsonBody);
 *   UnsupportedMediaTypeError for a charset that is not a Unicode one.
 */
export function parseChatRequest(body: Buffer, languages: readonly string[] = [], contentType?: string): WebhookItem[] {
  const { userId, text, messageId, entryId, lang: requested } = parseInput(ChatRequest, decodeJsonBody(body, contentType), 'body');
  const lang = requested === undefined ? undefined : languageTag(requested);
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
