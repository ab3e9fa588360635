import express, { type Router } from 'express';
import { z } from 'zod';
import { storableId, type Bot, type HandleResult, type InboundEvent } from '../bot/index.ts';
import { BadRequestError, NotFoundError, UnavailableError, validate } from '../errors/index.ts';
import { renderHtml, renderPlainText } from '../knowledge/index.ts';

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

const ChatRequest = z.object({
  userId: storableId(128),
  text: z.string(),
  lang: z.string().max(64).optional(),
  /** Caller's id for this message; a retry with the same id is answered once. */
  messageId: storableId(128).optional(),
  /** Ask for this entry directly (a suggestion the client showed). */
  entryId: storableId(200).optional(),
});

const FeedbackRequest = z.object({
  conversationId: storableId(128),
  /** The bot reply's `id` from a `POST /api/chat` answer. */
  messageId: storableId(128),
  helpful: z.boolean(),
}).strict();

export interface ChatApiOptions {
  /**
   * Stores a helpful/unhelpful verdict on a bot answer (`POST /api/chat/feedback`); throws an
   * AppError (errors/) for a message that is not a bot answer of that conversation. Without it,
   * the route answers 404.
   */
  onFeedback?: (feedback: { conversationId: string; messageId: string; helpful: boolean }) => Promise<unknown>;
  /**
   * Turns in progress from which `POST /api/chat` answers 503 with Retry-After rather than
   * queueing one more behind the others. Default: no limit.
   */
  maxBacklog?: number;
  /** The languages the knowledge base answers in, named when a request's `lang` is not a language tag. Default none named. */
  languages?: () => readonly string[];
  /**
   * Answers a message: stores it durably first (ChannelRuntime.handleNow) in the app. Default
   * `bot.handle`.
   */
  handle?: (event: InboundEvent) => Promise<HandleResult>;
}

/**
 * `POST /api/chat`: the JSON API for programmatic clients and evaluation scripts.
 * Channel "api"; each userId is one customer.
 */
export function chatApi(bot: Bot, options: ChatApiOptions = {}): Router {
  const router = express.Router();
  const feedback = validate({ body: FeedbackRequest });
  router.post('/api/chat/feedback', (_req, _res, next) => {
    if (!options.onFeedback) throw new NotFoundError('feedback is not collected here');
    next();
  }, feedback, async (req, res) => {
    const input = feedback.body(req);
    await options.onFeedback!(input);
    res.json({ ok: true, messageId: input.messageId, helpful: input.helpful });
  });
  const chat = validate({ body: ChatRequest });
  router.post('/api/chat', (_req, _res, next) => {
    // Refused before reading the body: the cheapest answer while the bot is overloaded.
    if (options.maxBacklog !== undefined && bot.turnsInProgress >= options.maxBacklog) {
      throw new UnavailableError('busy', 'too many messages are being answered right now; retry in a second', { retryAfterSeconds: 1 });
    }
    next();
  }, chat, async (req, res) => {
    const { userId, text, messageId, entryId, lang: requested } = chat.body(req);
    const lang = requested === undefined ? undefined : languageOfTag(requested);
    if (requested !== undefined && lang === undefined) {
      const accepted = options.languages?.() ?? [];
      throw new BadRequestError('bad_lang', `lang: "${requested}" is not a language tag${accepted.length ? `; accepted languages: ${accepted.join(', ')}` : ''}`, {
        fields: { languages: accepted.length ? accepted : undefined },
      });
    }
    const conversation = { channel: 'api', userId };
    const externalId = messageId ?? `api-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const event: InboundEvent = entryId
      ? { type: 'choose', conversation, externalId, from: { id: userId }, choice: { entryId, title: text }, lang }
      : { type: 'message', conversation, externalId, from: { id: userId }, text, lang };
    // InputError (400) and StillAnsweringError (503 busy) answer as they are; see errors/.
    const result = await (options.handle ? options.handle(event) : bot.handle(event));
    // The language actually used: a language without content is answered in the fallback.
    const used = result.replies[0]?.lang ?? result.lang;
    res.json({
      conversationId: result.conversationId,
      lang: used,
      /** The request's language, when the answer is in another: the knowledge base lacks it, or the customer wrote in another. */
      requestedLang: lang !== undefined && lang !== used ? lang : undefined,
      handoff: result.handoff,
      duplicate: result.duplicate || undefined,
      replies: result.replies.map((r) => ({
        /** Name it in `POST /api/chat/feedback`. */
        id: r.id,
        text: renderPlainText(r.text),
        markdown: r.text,
        html: renderHtml(r.text),
        lang: r.lang,
        entryId: r.entryId,
        confidence: r.confidence,
        suggestions: r.suggestions,
        handoff: r.handoff || undefined,
      })),
    });
  });
  return router;
}
