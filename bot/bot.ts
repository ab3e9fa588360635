import type { EntryVariant, FaqEntry, LanguageDetector, MatchResult } from '../knowledge/index.ts';
import { compose, KeyedMutex, type Middleware } from './compose.ts';
import type { ConversationStore } from './conversation-store.ts';
import { InputError } from './errors.ts';
import { isStorableId, storableText } from './stored-text.ts';
import { buildHandoffPacket, type HandoffPacket, type HandoffReason } from './handoff.ts';
import { detectPlatformIntent, findHandoffKeyword } from './intents.ts';
import { chooseLanguage } from './language-choice.ts';
import { phrase } from './messages.ts';
import { ConversationOwnership } from './ownership.ts';
import { decide, withThresholds, type PolicyOptions } from './policy.ts';
import { silentLogger, type Conversation, type Customer, type InboundEvent, type Logger, type OutboundMessage, type StoredMessage, type Suggestion } from './types.ts';

/** What the bot needs from the knowledge base. */
export interface KnowledgePort {
  match(text: string, lang: string, k?: number): Promise<MatchResult>;
  entry(id: string): FaqEntry | undefined;
  variant(entryId: string, lang: string): EntryVariant | undefined;
  searchLanguage(lang: string): string;
}

export interface BotOptions extends PolicyOptions {
  store: ConversationStore;
  knowledge: KnowledgePort;
  detector: LanguageDetector;
  /** Language used when nothing else decides. */
  defaultLang: string;
  /** Longest accepted customer message, in characters. */
  maxMessageChars: number;
  /** Detector probability from which a message of several words changes the conversation's language. Default 0.9. */
  languageConfidence?: number;
  logger?: Logger;
  /** Words that always go to a person (e.g. "complaint", "lawyer"), handed off with reason "keyword". Default none. */
  handoffKeywords?: readonly string[];
  /**
   * Called after a handoff is stored (notify agents, webhooks). Messages it returns (queue
   * position, opening hours) are stored and sent to the customer right after the handoff
   * notice, in the same turn. Errors are logged, never lost silently.
   */
  onHandoff?: (packet: HandoffPacket) => void | OutboundMessage[] | Promise<void | OutboundMessage[]>;
  /**
   * Called after every turn with the messages it stored (the customer's, then the replies) and
   * the conversation as it is now: how the agent console sees customers' words live while the
   * bot stays silent. Errors are logged.
   */
  onTurn?: (turn: { conversation: Conversation; customer: Customer; messages: StoredMessage[] }) => void | Promise<void>;
}

/** The outcome of one inbound event. */
export interface HandleResult {
  conversationId: string;
  customerId: string;
  lang: string;
  /** True while the conversation waits for, or is with, a human. */
  handoff: boolean;
  /** True when this delivery was seen before; `replies` are the ones already sent. */
  duplicate: boolean;
  inbound?: StoredMessage;
  replies: StoredMessage[];
}

/** State of one turn as it passes through the pipeline. */
export interface Turn {
  event: InboundEvent;
  customer: Customer;
  conversation: Conversation;
  inbound: StoredMessage;
  lang: string;
  failedAttempts: number;
  replies: OutboundMessage[];
  match?: MatchResult;
  handoff?: { reason: HandoffReason; attempts: HandoffPacket['attempts'] };
}

const HUMAN_OWNED = new Set(['queued', 'agent']);
/** A satisfaction rating as a customer types it: "4", "4/5", "5 stars", "★★★★". */
const RATING = /^\s*(?:([1-5])\s*(?:\/\s*5|stars?|★+|⭐+|gwiazdk\w*|ดาว|نجوم|星)?|(★{1,5}|⭐{1,5}))\s*[.!]?\s*$/u;

/** The 1-5 score in a customer's answer to the rating question, if it is one. */
export function parseRating(text: string): number | undefined {
  const m = RATING.exec(text);
  if (!m) return undefined;
  return m[1] ? Number(m[1]) : [...m[2]!].length;
}

/**
 * The channel-agnostic bot: `handle(event)` runs one turn and returns the stored replies.
 * No HTTP, no channel names: adapters turn their payloads into InboundEvents and format
 * the replies for their channel.
 */
export class Bot {
  private readonly mutex = new KeyedMutex();
  private readonly pipeline: (turn: Turn) => Promise<void>;
  private readonly log: Logger;
  private readonly ownership: ConversationOwnership;
  private inProgress = 0;

  constructor(private readonly o: BotOptions) {
    this.log = o.logger ?? silentLogger;
    this.ownership = new ConversationOwnership(o.store);
    this.pipeline = compose<Turn>([this.ownershipGate, this.language, this.platformIntents, this.chosenSuggestion, this.answerFromKnowledge]);
  }

  /**
   * Handle one inbound event. Deduplicated on (channel, sender, externalId): a repeated delivery
   * returns the replies of the first without doing anything again.
   * @throws InputError for an empty or over-long message (nothing is stored).
   */
  async handle(event: InboundEvent): Promise<HandleResult> {
    this.inProgress++;
    try {
      return await this.handleTurn(event);
    } finally {
      this.inProgress--;
    }
  }

  /** Turns accepted and not yet finished (waiting for their customer's earlier turn included). */
  get turnsInProgress(): number {
    return this.inProgress;
  }

  private async handleTurn(event: InboundEvent): Promise<HandleResult> {
    if (event.type !== 'message' && event.type !== 'choose') throw new InputError('bad_event', `cannot answer an event of type "${event.type}"`);
    if (event.type === 'choose' && !event.choice?.entryId) throw new InputError('bad_event', 'a choice needs an entryId');
    const ids = [event.conversation.userId, event.externalId, event.choice?.entryId ?? ''];
    if (!ids.every((id) => typeof id === 'string' && isStorableId(id))) throw new InputError('bad_event', 'user, message and entry ids must be strings without U+0000');
    const given = event.type === 'choose' ? event.choice?.title : event.text;
    const text = typeof given === 'string' ? storableText(given) : undefined;
    if (event.from.name !== undefined) event = { ...event, from: { ...event.from, name: storableText(event.from.name) } };
    if (event.lang !== undefined && !isStorableId(event.lang)) event = { ...event, lang: undefined };
    if (!text || !text.trim()) throw new InputError('empty', 'the message is empty');
    if (text.length > this.o.maxMessageChars) throw new InputError('too_long', `the message is longer than ${this.o.maxMessageChars} characters`);

    const { store } = this.o;
    const { channel, userId } = event.conversation;
    return this.mutex.run(`${channel}\0${userId}`, async () => {
      // Let the event loop breathe before each turn: with the embedded database and embedder a
      // whole turn can finish without waiting on any I/O, and back-to-back turns would then keep
      // health checks, webhooks and sockets unread until the whole backlog is answered.
      await new Promise((resolve) => setImmediate(resolve));
      const customer = await store.resolveCustomer(channel, userId, event.from.name);
      const conversation = await store.conversationFor(customer.id, channel);
      const delivery = { channel, userId, externalId: event.externalId };
      const inbound = await store.recordInbound(delivery, conversation.id, { role: 'customer', text: text.trim(), channel, lang: event.lang });
      if (!inbound) {
        const prior = await store.priorDelivery(delivery);
        this.log.info('duplicate delivery ignored', { channel, externalId: event.externalId });
        const conv = (await store.conversation(prior.inbound?.conversationId ?? conversation.id)) ?? conversation;
        return { conversationId: conv.id, customerId: customer.id, lang: conv.lang ?? this.o.defaultLang, handoff: HUMAN_OWNED.has(conv.status), duplicate: true, inbound: prior.inbound, replies: prior.replies };
      }

      const turn: Turn = { event, customer, conversation, inbound, lang: conversation.lang ?? event.lang ?? this.o.defaultLang, failedAttempts: conversation.failedAttempts, replies: [] };
      await this.pipeline(turn);

      const replies: StoredMessage[] = [];
      for (const r of turn.replies) {
        replies.push(await store.appendMessage(conversation.id, { ...r, channel, replyTo: inbound.id }));
      }
      await store.updateConversation(conversation.id, { lang: turn.lang, failedAttempts: turn.failedAttempts, channel });
      if (turn.handoff) {
        for (const r of await this.startHandoff(turn)) replies.push(await store.appendMessage(conversation.id, { ...r, channel, replyTo: inbound.id }));
      }
      const after = (await store.conversation(conversation.id))!;
      try {
        await this.o.onTurn?.({ conversation: after, customer, messages: [inbound, ...replies] });
      } catch (err) {
        this.log.error('turn notification failed', { conversationId: conversation.id, error: String(err) });
      }
      return { conversationId: conversation.id, customerId: customer.id, lang: turn.lang, handoff: HUMAN_OWNED.has(after.status), duplicate: false, inbound, replies };
    });
  }

  private async startHandoff(turn: Turn): Promise<OutboundMessage[]> {
    const { store } = this.o;
    const { conversation, customer } = turn;
    try {
      await this.ownership.handoff(conversation.id, 'bot', turn.handoff!.reason);
    } catch (err) {
      this.log.warn('handoff refused', { conversationId: conversation.id, error: String(err) });
      return [];
    }
    const packet = buildHandoffPacket({
      conversation: { ...conversation, lang: turn.lang },
      customer,
      channels: await store.identities(customer.id),
      transcript: await store.transcript(conversation.id),
      reason: turn.handoff!.reason,
      failedQuestion: turn.inbound.text,
      attempts: turn.handoff!.attempts,
    });
    await store.saveHandoff(conversation.id, packet.reason, packet);
    this.log.info('handed off', { conversationId: conversation.id, reason: packet.reason });
    try {
      return (await this.o.onHandoff?.(packet)) ?? [];
    } catch (err) {
      this.log.error('handoff notification failed', { conversationId: conversation.id, error: String(err) });
      return [];
    }
  }

  /**
   * While a human owns the conversation the bot stays silent; after resolution it takes over
   * again. The first message after resolution may be the answer to the rating question.
   */
  private ownershipGate: Middleware<Turn> = async (turn, next) => {
    const { conversation, inbound } = turn;
    if (HUMAN_OWNED.has(conversation.status)) return;
    if (conversation.status !== 'resolved') return next();
    const score = conversation.ratingRequestedAt && turn.event.type === 'message' ? parseRating(inbound.text) : undefined;
    const rated = score !== undefined && await this.o.store.recordRating(conversation.id, score, inbound.id);
    try {
      await this.ownership.returnToBot(conversation.id, 'customer', rated ? `customer rated ${score}/5` : 'customer wrote after resolution');
    } catch (err) {
      // Someone else moved it first (an agent reopened it): never answer over them.
      this.log.warn('return to the bot refused', { conversationId: conversation.id, error: String(err) });
      return;
    }
    if (rated) {
      this.say(turn, 'ratingThanks');
      return;
    }
    await next();
  };

  /**
   * The explicit choice or the conversation's language, changed only on strong evidence (see
   * chooseLanguage). Replies fall back per reply: an answer the knowledge base lacks in this
   * language comes in its fallback, and says so in its `lang`.
   */
  private language: Middleware<Turn> = async (turn, next) => {
    turn.lang = await chooseLanguage(this.o.detector, turn.inbound.text, { event: turn.event.lang, conversation: turn.conversation.lang },
      { defaultLang: this.o.defaultLang, confidence: this.o.languageConfidence });
    await next();
  };

  private say(turn: Turn, key: Parameters<typeof phrase>[0], extra: Partial<OutboundMessage> = {}) {
    const p = phrase(key, turn.lang, this.o.defaultLang);
    turn.replies.push({ role: 'bot', text: p.text, lang: p.lang, ...extra });
  }

  private platformIntents: Middleware<Turn> = async (turn, next) => {
    if (turn.event.type !== 'message') return next();
    const keyword = this.o.handoffKeywords?.length ? findHandoffKeyword(turn.inbound.text, this.o.handoffKeywords) : undefined;
    if (keyword) {
      this.log.info('handoff keyword', { conversationId: turn.conversation.id, keyword });
      turn.handoff = { reason: 'keyword', attempts: [] };
      this.say(turn, 'handoff', { handoff: true });
      return;
    }
    const intent = detectPlatformIntent(turn.inbound.text);
    if (intent === 'human') {
      turn.handoff = { reason: 'asked-for-human', attempts: [] };
      this.say(turn, 'handoff', { handoff: true });
      return;
    }
    if (intent === 'restart') {
      turn.failedAttempts = 0;
      this.say(turn, 'restart');
      return;
    }
    if (intent === 'greeting' || intent === 'thanks') {
      this.say(turn, intent);
      return;
    }
    await next();
  };

  private related(entry: FaqEntry | undefined, lang: string): Suggestion[] {
    return (entry?.related ?? []).map((id) => ({ entryId: id, title: this.o.knowledge.variant(id, lang)?.question ?? '' }))
      .filter((s) => s.title).slice(0, this.o.maxSuggestions ?? 3);
  }

  private answer(turn: Turn, entryId: string, confidence: number) {
    const lang = this.o.knowledge.searchLanguage(turn.lang);
    const variant = this.o.knowledge.variant(entryId, lang);
    if (!variant) return false;
    const suggestions = this.related(this.o.knowledge.entry(entryId), lang);
    turn.replies.push({ role: 'bot', text: variant.answer, lang: variant.lang, entryId, confidence, suggestions: suggestions.length ? suggestions : undefined });
    turn.failedAttempts = 0;
    return true;
  }

  /** The customer pressed a suggestion: answer that entry, no guessing needed. */
  private chosenSuggestion: Middleware<Turn> = async (turn, next) => {
    if (turn.event.type === 'choose' && this.answer(turn, turn.event.choice!.entryId, 1)) return;
    await next();
  };

  private answerFromKnowledge: Middleware<Turn> = async (turn) => {
    const match = await this.o.knowledge.match(turn.inbound.text, turn.lang, 5);
    turn.match = match;
    const decision = decide(match.candidates, turn.failedAttempts, withThresholds(this.o, match.thresholds));
    this.log.debug('decision', { kind: decision.kind, top: match.candidates[0]?.entryId, confidence: match.candidates[0]?.confidence });
    if (decision.kind === 'answer' && this.answer(turn, decision.candidate.entryId, decision.candidate.confidence)) return;
    turn.failedAttempts += 1;
    if (decision.kind === 'clarify') {
      this.say(turn, 'clarify', { confidence: decision.suggestions[0]?.confidence, suggestions: decision.suggestions.map((c) => ({ entryId: c.entryId, title: c.title })) });
      return;
    }
    const tried = decision.kind === 'handoff' ? decision.tried : [];
    turn.handoff = { reason: decision.kind === 'handoff' ? decision.reason : 'low-confidence', attempts: tried.map((c) => ({ entryId: c.entryId, title: c.title, confidence: c.confidence })) };
    this.say(turn, decision.kind === 'handoff' && decision.reason === 'repeated-failure' ? 'handoffRepeated' : 'handoff', { handoff: true, confidence: match.candidates[0]?.confidence });
  };
}

/** Build a bot. Adapters call `bot.handle(event)`. */
export function createBot(options: BotOptions): Bot {
  return new Bot(options);
}
