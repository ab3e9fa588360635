import express, { type Router } from 'express';
import { silentLogger, type ConversationRef, type Logger, type StoredMessage } from '../../bot/index.ts';
import { errorHandler, NotFoundError, readBody, UnauthorizedError, UnavailableError, validate } from '../../errors/index.ts';
import { toWebhookRequest } from '../core/express.ts';
import { languageOfTag } from '../core/language-tag.ts';
import type { ChannelRuntime } from '../core/runtime.ts';
import { storableItems } from '../core/storable-items.ts';
import type { ChannelAdapter, ChannelCapabilities, SendResult, WebhookEndpoint, WebhookItem, WebhookRequest } from '../types.ts';
import { toChatResponse } from './format.ts';
import { CHAT_API_CHANNEL, checkJsonCharset, parseChatRequest } from './parse.ts';
import { FeedbackRequest } from './types.ts';
import { verifyChatRequest } from './verify.ts';

export interface ChatApiOptions {
  /** The languages the knowledge base answers in, named when a request's `lang` is not a language tag. Default none named. */
  languages?: () => readonly string[];
}

export interface ChatApiRouterOptions {
  /**
   * Stores a helpful/unhelpful verdict on a bot answer (`POST /api/chat/feedback`); throws an
   * AppError (errors/) for a message that is not a bot answer of that conversation. Without it,
   * the route answers 404.
   */
  onFeedback?: (feedback: FeedbackRequest) => Promise<unknown>;
  /**
   * Turns in progress from which `POST /api/chat` answers 503 with Retry-After rather than
   * queueing one more behind the others. Default: no limit.
   */
  maxBacklog?: number;
  /** Whether an entry is a conversation entry (small talk): its replies are marked `smallTalk`, since feedback on them is refused. */
  isSmallTalk?: (entryId: string) => boolean;
  /** Largest JSON body. Default "1mb", the app's. */
  limit?: string;
  logger?: Logger;
}

/**
 * The chat API as a channel: a client that waits for its answer in the HTTP response. It has no
 * way to reach a client afterwards, so it is live like the web chat: replies skip the outbox, and
 * a message sent later (an agent's) waits in the transcript.
 */
export class ChatApiAdapter implements ChannelAdapter {
  readonly channel = CHAT_API_CHANNEL;
  /** The response carries the whole text, every suggestion, and Markdown, plain text and HTML. */
  readonly capabilities: ChannelCapabilities = { markup: 'markdown', maxSuggestions: Infinity, suggestionStyle: 'buttons', maxTextLength: Infinity, typingIndicator: false };
  readonly live = true;

  async send(_ref: ConversationRef, messages: StoredMessage[]): Promise<SendResult[]> {
    return messages.map((m) => ({ messageId: m.id, ok: false, error: 'the chat API answers only in its responses; the message waits in the transcript' }));
  }
}

/** `POST /api/chat` as an endpoint: verify (public: always passes) and parse a request into one event. */
export class ChatApiEndpoint implements WebhookEndpoint {
  readonly name = 'chat-api';
  readonly path = '/api/chat';

  constructor(private readonly options: ChatApiOptions = {}) {}

  verify(_req: WebhookRequest) {
    return verifyChatRequest();
  }

  /** @throws BadRequestError for a body of the wrong shape or a bad `lang`; MalformedPayloadError (`bad_json`) for bytes that are not JSON; UnsupportedMediaTypeError for a charset that is not a Unicode one. */
  parse(req: WebhookRequest): WebhookItem[] {
    return parseChatRequest(req.body, this.options.languages?.() ?? [], req.headers['content-type']);
  }
}

/**
 * `POST /api/chat` and `POST /api/chat/feedback`: the JSON API for programmatic clients and
 * evaluation scripts. A request is verified and parsed by the endpoint, then stored and answered
 * at once by the runtime (`handleNow`), as the web chat's messages are: a repeat of a stored
 * (userId, messageId) gets the first answer with `duplicate: true`, never a second one.
 * InputError (400) and StillAnsweringError (503 busy) answer as they are; see errors/.
 */
export function chatApiRouter(endpoint: ChatApiEndpoint, runtime: ChannelRuntime, options: ChatApiRouterOptions = {}): Router {
  const router = express.Router();
  const feedbackPath = `${endpoint.path}/feedback`;
  // Where the app read the body already (its JSON parser), this one passes it by.
  const json = readBody(express.json({ limit: options.limit ?? '1mb' }));
  // A chat request's bytes are read once (the app leaves them, see RAW_BODY_PATHS) and decoded by
  // the endpoint. As Express's JSON parser: only a JSON content type is read (another leaves no
  // body, an empty object), inflated, within the limit, and a charset that is not a Unicode one is
  // refused before reading.
  const jsonRaw = readBody(express.raw({ type: 'application/json', limit: options.limit ?? '1mb' }));
  const charset: express.RequestHandler = (req, _res, next) => {
    if (req.is('application/json')) checkJsonCharset(req.headers['content-type']);
    next();
  };

  const feedback = validate({ body: FeedbackRequest });
  router.post(feedbackPath, (_req, _res, next) => {
    if (!options.onFeedback) throw new NotFoundError('feedback is not collected here');
    next();
  }, json, feedback, async (req, res) => {
    const input = feedback.body(req);
    await options.onFeedback!(input);
    res.json({ ok: true, messageId: input.messageId, helpful: input.helpful });
  });

  router.post(endpoint.path, (_req, _res, next) => {
    // Refused before the request is parsed or stored: the cheapest answer while the bot is overloaded.
    if (options.maxBacklog !== undefined && runtime.turnsInProgress >= options.maxBacklog) {
      throw new UnavailableError('busy', 'too many messages are being answered right now; retry in a second', { retryAfterSeconds: 1 });
    }
    next();
  }, charset, jsonRaw, async (req, res) => {
    const request = toWebhookRequest(req);
    const verdict = await endpoint.verify(request);
    if (!verdict.ok) throw new UnauthorizedError('unauthorized', verdict.reason);
    const [item] = storableItems(endpoint.parse(request));
    if (item?.kind !== 'event') throw new Error('chat API: a request parses into one event');
    const result = await runtime.handleNow(item.event);
    // Named back by language: "zh-TW" answered in zh is answered in the language asked for.
    res.json(toChatResponse(result, item.event.lang && languageOfTag(item.event.lang), options.isSmallTalk));
  });
  // Scoped to our paths, so the router answers alike mounted alone (tests) or in the app.
  router.use([endpoint.path, feedbackPath], errorHandler({ logger: options.logger ?? silentLogger, label: 'chat API request failed' }));
  return router;
}

/** The chat API's adapter (register it with the runtime) and its endpoint (mount it with `chatApiRouter`). */
export function chatApiChannel(options: ChatApiOptions = {}) {
  return { adapters: [new ChatApiAdapter()], endpoint: new ChatApiEndpoint(options) };
}
