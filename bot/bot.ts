import { isConversationEntry, isSynonymsEntry, type EntryVariant, type FaqEntry, type LanguageDetector, type LanguageGuess, type MatchCandidate, type MatchResult } from '../knowledge/index.ts';
import { BoundedMap, KeyedQueue } from '../shared/index.ts';
import { ChineseScripts } from './chinese-script.ts';
import { compose, type Middleware } from './compose.ts';
import type { ConversationStore } from './conversation-store.ts';
import { InputError } from './errors.ts';
import { isStorableId, storableText } from './stored-text.ts';
import { storableAttachments } from './attachments.ts';
import { buildHandoffPacket, type HandoffPacket, type HandoffReason } from './handoff.ts';
import { detectPlatformIntent, findHandoffKeyword } from './intents.ts';
import { answerOnScreen, continues, entriesOnScreen, FOLLOW_UP_ODDS, inContext, unansweredBefore } from './follow-up.ts';
import { isTypedChoice, ordinalChoice } from './ordinal-choice.ts';
import { sharesLatinStem } from './word-stems.ts';
import { isQueueCancel } from './queue-cancel.ts';
import { CATALOGUES, primaryLanguage } from './catalogue/index.ts';
import { chooseLanguage, hasLetterWords, LANGUAGE_CHANGE_MIN_WORDS } from './language-choice.ts';
import { phrase } from './messages.ts';
import { ConversationOwnership } from './ownership.ts';
import { alsoAsked, decide, suggestionFloor, withThresholds, type PolicyOptions } from './policy.ts';
import { AnsweredTally, starterTopics, type StarterTopicsDeps } from './starter-topics.ts';
import { turnDecision } from './turn-decision.ts';
import { beginsVisit } from './visit.ts';
import { silentLogger, type Conversation, type Customer, type InboundEvent, type Logger, type OutboundMessage, type Ownership, type StoredMessage, type Suggestion } from './types.ts';

/** What the bot needs from the knowledge base. */
export interface KnowledgePort {
  match(text: string, lang: string, k?: number): Promise<MatchResult>;
  entry(id: string): FaqEntry | undefined;
  variant(entryId: string, lang: string): EntryVariant | undefined;
  searchLanguage(lang: string): string;
  /** The live entries, in order: for starter topics, and to know whether conversation entries exist. */
  entries?(): FaqEntry[];
  /** Start the work of matching this question in this language ahead of `match` (e.g. its embedding). */
  prefetch?(text: string, lang: string): void;
  /** Whether the text has a word the FAQ entries use and small talk does not (absent: every text may). */
  mentionsTopic?(text: string, lang: string): boolean;
  /** The language whose sentence a message read as English is, for its English shop words (see LanguageChoiceOptions.aroundEnglish). */
  languageAroundEnglish?(text: string): string | undefined;
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
  onTurn?: (turn: TurnReport) => void | Promise<void>;
  /**
   * While a conversation waits in the human queue (not yet claimed), answer a customer's
   * question the knowledge base answers confidently (at answerThreshold). Default true.
   */
  answerWhileQueued?: boolean;
  /**
   * While a conversation waits in the human queue, the customer's messages are acknowledged
   * with their place in the queue at most once per this many milliseconds (the first one always).
   * Default 120000 (2 minutes).
   */
  queueNoticeIntervalMs?: number;
  /** Starter topics offered after small talk and when a message is not understood. Default 3. */
  starterTopics?: number;
  /** Where starter topics' answer counts come from. Default an AnsweredTally over `store` (counted once a minute). */
  answeredTally?: StarterTopicsDeps['store'];
  /**
   * Right after an FAQ answer, a message the bot cannot answer alone counts the entries on the
   * customer's screen (that answer and its suggestions) this many times likelier (see
   * Bot.asFollowUp). Default FOLLOW_UP_ODDS (3); 1 reads every message alone.
   */
  followUpOdds?: number;
  /**
   * A message the bot cannot answer alone, right after one it did not answer, is also read with
   * that one as one question sent in two parts (see Bot.asContinuation). Default true.
   */
  continuations?: boolean;
  /** The clock (tests). */
  now?: () => Date;
}

/**
 * What the bot did with a turn, for onTurn listeners (the unanswered-questions inbox records
 * `clarify` and `not-understood`, never small talk). Absent for other turns (answers, intents).
 */
export type TurnOutcome = 'conversation' | 'clarify' | 'not-understood' | 'handoff' | 'queued' | 'left-queue';

/** What onTurn receives after every turn. */
export interface TurnReport {
  /** The conversation as it is after the turn. */
  conversation: Conversation;
  customer: Customer;
  /** The messages the turn stored: the customer's, then the replies. */
  messages: StoredMessage[];
  /** The conversation's ownership when the turn began (e.g. `queued` for a customer who just left the queue). */
  previousStatus?: Ownership;
  outcome?: TurnOutcome;
  /** The FAQ entry that came closest, when the bot could not answer (what an editor may extend). */
  nearest?: { entryId: string; title: string; confidence: number };
  /** The suggestion the customer pressed, when the turn was one (a `choose` event). */
  choice?: { entryId: string; title: string };
  /** The language the customer wrote in, when the knowledge base lacks it (the bot listed the ones it has). */
  unsupportedLang?: string;
  /** The bot's answer the customer said missed their question ("that's not what I asked"): an unhelpful verdict on it. */
  rejected?: { messageId: string; entryId: string };
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
  /** The first message of a visit (see beginsVisit): nothing before it is this message's context. */
  newVisit: boolean;
  failedAttempts: number;
  replies: OutboundMessage[];
  match?: MatchResult;
  /** The detector's reading of a text, when the turn's start asked for it already (see prefetch). */
  detection?: { text: string; guess: Promise<LanguageGuess> };
  handoff?: { reason: HandoffReason; attempts: HandoffPacket['attempts'] };
  outcome?: TurnOutcome;
  nearest?: TurnReport['nearest'];
  /** A language the knowledge base lacks that a message of several words is written in (the detector's `unsupported`). */
  unsupportedLang?: string;
  rejected?: TurnReport['rejected'];
}

const HUMAN_OWNED = new Set(['queued', 'agent']);
/** The bundled conversation entry for "that's not what I asked" (knowledge/conversation/): see Bot.answerRejected. */
export const ANSWER_REJECTED_ENTRY = 'conversation-not-what-i-asked';
/** The bundled conversation entry for "ok", "👍": what a sticker alone gets (a feeling, not a question). */
export const ACKNOWLEDGEMENT_ENTRY = 'conversation-acknowledgement';
/**
 * A suggestion that is no entry: pressing it (or typing its number) asks for a person, as "talk to
 * a person" does. Entry ids never start with "@", and every channel carries a suggestion's id as it is.
 */
export const PERSON_CHOICE = '@person';
/** Messages read back to find the bot's last replies and the question they answered (see Bot.lastExchange). */
const LAST_EXCHANGE_MESSAGES = 6;
/** Queue notices remembered per conversation, at most; older ones are forgotten first. */
const QUEUE_NOTICES_KEPT = 10_000;
/** A satisfaction rating as a customer types it: "4", "4/5", "5 stars", "★★★★". */
const RATING = /^\s*(?:([1-5])\s*(?:\/\s*5|stars?|★+|⭐+|gwiazdk\w*|ดาว|نجوم|星)?|(★{1,5}|⭐{1,5}))\s*[.!]?\s*$/u;

/** The 1-5 score in a customer's answer to the rating question, if it is one. */
export function parseRating(text: string): number | undefined {
  const m = RATING.exec(text);
  if (!m) return undefined;
  return m[1] ? Number(m[1]) : [...m[2]!].length;
}

/** Whether a text holds anything to read: not only spaces and invisible format marks (U+200E, U+200F, U+2060…). */
function hasVisibleText(text: string | undefined): boolean {
  return !!text && text.replace(/[\s\p{Cf}]+/gu, '') !== '';
}

/**
 * The channel-agnostic bot: `handle(event)` runs one turn and returns the stored replies.
 * No HTTP, no channel names: adapters turn their payloads into InboundEvents and format
 * the replies for their channel.
 */
export class Bot {
  /** One turn at a time per conversation, in this process. */
  private readonly turns = new KeyedQueue<string>();
  private readonly pipeline: (turn: Turn) => Promise<void>;
  private readonly log: Logger;
  private readonly ownership: ConversationOwnership;
  private readonly tally: StarterTopicsDeps['store'];
  private inProgress = 0;
  private readonly now: () => Date;
  /**
   * When each queued conversation was last told its place in the queue (per instance: with
   * several instances a customer may get one notice per instance per interval at worst).
   */
  private readonly queueNotices = new BoundedMap<string, number>(QUEUE_NOTICES_KEPT);
  private readonly chineseScripts: ChineseScripts;

  constructor(private readonly options: BotOptions) {
    this.chineseScripts = new ChineseScripts(options.store);
    this.log = options.logger ?? silentLogger;
    this.ownership = new ConversationOwnership(options.store);
    this.tally = options.answeredTally ?? new AnsweredTally(options.store);
    this.now = options.now ?? (() => new Date());
    this.pipeline = compose<Turn>([this.ownershipGate, this.language, this.typedChoice, this.waitingForPerson, this.attachmentsAlone, this.platformIntents, this.chosenSuggestion, this.answerFromKnowledge]);
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
    const attachments = event.type === 'message' ? storableAttachments(event.attachments) : [];
    // A photo, voice note or file alone is a message too: stored for the agent, its text empty.
    // Spaces and invisible format marks alone (a pasted right-to-left mark) are no message.
    if (!hasVisibleText(text) && !attachments.length) throw new InputError('empty', 'the message is empty');
    if (text !== undefined && text.length > this.options.maxMessageChars) throw new InputError('too_long', `the message is longer than ${this.options.maxMessageChars} characters`);

    const { store } = this.options;
    const { channel, userId } = event.conversation;
    // The text as the turn stores and matches it.
    const detection = this.prefetch(event, (text ?? '').trim());
    return this.turns.run(`${channel}\0${userId}`, async () => {
      // Let the event loop breathe before each turn: with the embedded database and embedder a
      // whole turn can finish without waiting on any I/O, and back-to-back turns would then keep
      // health checks, webhooks and sockets unread until the whole backlog is answered.
      await new Promise((resolve) => setImmediate(resolve));
      const found = await store.customerConversation(channel, userId, event.from.name);
      const customer = found.customer;
      let conversation = found.conversation;
      const delivery = { channel, userId, externalId: event.externalId };
      let inbound = await store.recordInbound(delivery, conversation.id, { role: 'customer', text: (text ?? '').trim(), channel, lang: event.lang, attachments });
      if (!inbound) {
        const prior = await store.priorDelivery(delivery);
        const conv = (await store.conversation(prior.inbound?.conversationId ?? conversation.id)) ?? conversation;
        if (prior.answered || !prior.inbound || prior.replies.length) {
          this.log.info('duplicate delivery ignored', { channel, externalId: event.externalId });
          return { conversationId: conv.id, customerId: customer.id, lang: conv.lang ?? this.options.defaultLang, handoff: HUMAN_OWNED.has(conv.status), duplicate: true, inbound: prior.inbound, replies: prior.replies };
        }
        // Stored, never answered: the process stopped mid-turn. The caller holds this delivery's
        // work (see the channel runtime's intake), so the turn runs now, once.
        this.log.info('resuming an unanswered message', { channel, externalId: event.externalId });
        inbound = prior.inbound;
        conversation = conv;
      }

      // The conversation as read before this message was stored: when the customer wrote last. (A
      // turn resumed after a crash reads its own message as the latest, and keeps its context.)
      const newVisit = beginsVisit(conversation.lastCustomerAt, inbound.createdAt);
      const turn: Turn = {
        event, customer, conversation, inbound, lang: conversation.lang ?? event.lang ?? this.options.defaultLang,
        newVisit, failedAttempts: newVisit ? 0 : conversation.failedAttempts, replies: [], detection,
      };
      await this.pipeline(turn);
      const inCustomersScript = await this.chineseScripts.forReplies(conversation.id, inbound.text, event.lang, event.uiLang);
      turn.replies = await inCustomersScript(turn.replies);

      const replyTo = inbound.id;
      // The analytics record the bot's decision with its first reply.
      const decision = turnDecision(turn);
      const recorded = await store.recordTurn(delivery, conversation.id, turn.replies.map((r, i) => ({ ...r, channel, replyTo, decision: i === 0 ? decision : undefined })),
        { lang: turn.lang, failedAttempts: turn.failedAttempts, channel });
      const replies = recorded.replies;
      let after = recorded.conversation;
      if (turn.handoff) {
        const notices = await inCustomersScript(await this.startHandoff(turn));
        if (notices.length) replies.push(...await store.recordReplies(delivery, conversation.id, notices.map((r) => ({ ...r, channel, replyTo }))));
        // The handoff moved the conversation after the replies were stored: read it again.
        after = undefined;
      }
      after ??= (await store.conversation(conversation.id))!;
      try {
        const choice = turn.event.type === 'choose' ? turn.event.choice : undefined;
        await this.options.onTurn?.({ conversation: after, customer, messages: [inbound, ...replies], previousStatus: conversation.status, outcome: turn.outcome, nearest: turn.nearest, ...(choice ? { choice } : {}), ...(turn.unsupportedLang ? { unsupportedLang: turn.unsupportedLang } : {}), ...(turn.rejected ? { rejected: turn.rejected } : {}) });
      } catch (err) {
        this.log.error('turn notification failed', { conversationId: conversation.id, error: String(err) });
      }
      return { conversationId: conversation.id, customerId: customer.id, lang: turn.lang, handoff: HUMAN_OWNED.has(after.status), duplicate: false, inbound, replies };
    });
  }

  /**
   * Have the knowledge base start on the question (its embedding) while the turn reads and writes
   * the conversation, in the language the message names: the page's or channel's, else the
   * detector's. Only for a message of several words: the language choice reads those with the
   * detector in any case (and is given this detection), while a shorter one may keep the
   * conversation's language without it.
   */
  private prefetch(event: InboundEvent, text: string): Turn['detection'] {
    const { knowledge, detector } = this.options;
    if (!knowledge.prefetch || event.type !== 'message' || !hasLetterWords(text, LANGUAGE_CHANGE_MIN_WORDS)) return undefined;
    const detection = detector.detect(text);
    // A turn that never chooses a language (a person holds the conversation) leaves it unread.
    detection.catch(() => undefined);
    const explicit = event.lang ? primaryLanguage(event.lang) : '';
    if (explicit) knowledge.prefetch(text, explicit);
    else void detection.then((g) => g.method !== 'none' && g.lang !== 'und' && knowledge.prefetch!(text, g.lang), () => undefined);
    return { text, guess: detection };
  }

  private async startHandoff(turn: Turn): Promise<OutboundMessage[]> {
    const { store } = this.options;
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
      return (await this.options.onHandoff?.(packet)) ?? [];
    } catch (err) {
      this.log.error('handoff notification failed', { conversationId: conversation.id, error: String(err) });
      return [];
    }
  }

  /**
   * While an agent holds the conversation the bot stays silent (the agent console sees the
   * message through onTurn); while it waits in the queue, see waitingForPerson. After resolution
   * the bot takes over again: the first message may be the answer to the rating question.
   */
  private ownershipGate: Middleware<Turn> = async (turn, next) => {
    const { conversation, inbound } = turn;
    if (conversation.status === 'agent') return;
    if (conversation.status === 'queued') return next();
    if (conversation.status !== 'resolved') return next();
    const score = conversation.ratingRequestedAt && turn.event.type === 'message' ? parseRating(inbound.text) : undefined;
    const rated = score !== undefined && await this.options.store.recordRating(conversation.id, score, inbound.id);
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
    const { detector } = this.options;
    const text = turn.inbound.text;
    const early = turn.detection;
    let guess: LanguageGuess | undefined;
    const reading: LanguageDetector = {
      detect: async (t) => (guess = await (early && t === early.text ? early.guess : detector.detect(t))),
    };
    // The screen's language counts only where the knowledge base answers in it: a German browser
    // says nothing about which of its languages a customer reads.
    const screen = turn.event.uiLang && primaryLanguage(turn.event.uiLang);
    const readable = screen && this.options.knowledge.searchLanguage(screen) === screen ? screen : undefined;
    turn.lang = await chooseLanguage(reading, text, { event: turn.event.lang, conversation: turn.conversation.lang, screen: readable },
      { defaultLang: this.options.defaultLang, confidence: this.options.languageConfidence, aroundEnglish: (t) => this.options.knowledge.languageAroundEnglish?.(t) });
    // Only a message of several words says which language it is in ("ok", "thx!!" do not).
    if (guess?.unsupported && hasLetterWords(text, LANGUAGE_CHANGE_MIN_WORDS)) turn.unsupportedLang = guess.unsupported;
    // An explicit language the knowledge base lacks (the API's "pt", a German page's data-lang),
    // still the conversation's, is named to the customer however short the message ("olá").
    const asked = turn.event.lang ? primaryLanguage(turn.event.lang) : undefined;
    if (!turn.unsupportedLang && asked && turn.lang === asked && this.options.knowledge.searchLanguage(asked) !== asked) turn.unsupportedLang = asked;
    await next();
  };

  /**
   * Hand the conversation to a person: the packet's reason and what the bot tried (`attempts`),
   * and the notice `key` that tells the customer.
   */
  private handOff(turn: Turn, reason: HandoffReason, key: 'handoff' | 'handoffRepeated' | 'handoffAnswerNotEnough', attempts: HandoffPacket['attempts'] = [], extra: Partial<OutboundMessage> = {}) {
    turn.handoff = { reason, attempts };
    this.say(turn, key, { handoff: true, ...extra });
  }

  private say(turn: Turn, key: Parameters<typeof phrase>[0], extra: Partial<OutboundMessage> = {}, vars: Record<string, string | number> = {}, lang = turn.lang) {
    const p = phrase(key, lang, this.options.defaultLang, vars);
    turn.replies.push({ role: 'bot', text: p.text, lang: p.lang, ...extra });
  }

  /**
   * A queued conversation nobody has claimed yet: the customer's message is already in the
   * transcript the agent will read (and the console is told through onTurn). The bot answers a
   * question it is confident about (answerWhileQueued), acknowledges with the place in the queue
   * (at most once per queueNoticeIntervalMs), and lets the customer leave the queue with
   * "cancel", "never mind"… (queued → bot, recorded with actor "customer"). Never a second handoff.
   */
  private waitingForPerson: Middleware<Turn> = async (turn, next) => {
    const { conversation, inbound } = turn;
    if (conversation.status !== 'queued') return next();
    if (turn.event.type === 'message' && isQueueCancel(inbound.text)) {
      try {
        await this.ownership.cancelQueue(conversation.id, 'customer', 'the customer left the queue');
      } catch (err) {
        // An agent claimed it meanwhile: they answer now, the bot stays out of it.
        this.log.warn('leaving the queue refused', { conversationId: conversation.id, error: String(err) });
        return;
      }
      this.queueNotices.delete(conversation.id);
      turn.failedAttempts = 0;
      turn.outcome = 'left-queue';
      const suggestions = await this.starters(turn);
      this.say(turn, 'queueLeft', { suggestions: suggestions.length ? suggestions : undefined });
      return;
    }
    turn.outcome = 'queued';
    if (turn.event.type === 'choose') {
      this.answer(turn, turn.event.choice!.entryId, 1);
    } else if ((this.options.answerWhileQueued ?? true) && inbound.text) {
      const match = await this.options.knowledge.match(inbound.text, turn.lang, 5);
      turn.match = match;
      const top = match.candidates[0];
      if (top && !this.isConversation(top.entryId) && top.confidence >= this.options.answerThreshold) {
        const faq = match.candidates.filter((c) => !this.isConversation(c.entryId));
        this.answer(turn, top.entryId, top.confidence, alsoAsked(faq, this.options.answerThreshold));
      }
    }
    await this.acknowledgeQueue(turn);
  };

  /** "You are number 3 in the queue" (and the typical wait, when known), unless said recently. */
  private async acknowledgeQueue(turn: Turn): Promise<void> {
    const id = turn.conversation.id;
    const now = this.now().getTime();
    const last = this.queueNotices.get(id);
    if (last !== undefined && now - last < (this.options.queueNoticeIntervalMs ?? 120_000)) return;
    const position = await this.options.store.queuePosition(id);
    if (position === undefined) return;
    this.queueNotices.set(id, now);
    const p = phrase(position === 1 ? 'queueWaitingNext' : 'queueWaiting', turn.lang, this.options.defaultLang, { position });
    const wait = await this.options.store.typicalClaimWaitSeconds();
    const eta = wait === undefined ? '' : ` ${phrase('queueWaitEstimate', p.lang, this.options.defaultLang, { minutes: Math.max(1, Math.round(wait / 60)) }).text}`;
    turn.replies.push({ role: 'system', text: `${p.text}${eta}`, lang: p.lang });
  }

  private isConversation(entryId: string): boolean {
    return isConversationEntry(this.options.knowledge.entry(entryId));
  }

  /** Whether the knowledge base has conversation entries (small talk as content). */
  private hasConversationEntries(): boolean {
    return this.options.knowledge.entries?.().some(isConversationEntry) ?? false;
  }

  /**
   * For a question not understood: the nearest FAQ entries that share a word with it, or another
   * form of one ("hasło" where the entry says "hasła"), rather than the most asked ones. On the
   * sample knowledge base's dev questions the customer's own entry was among the three nearest for
   * 15 of the 25 in-scope questions the bot did not understand; a message that shares no word with
   * any entry ("qwv zzkx") gets the starter topics instead.
   */
  private nearestSuggestions(turn: Turn, candidates: MatchCandidate[]): Suggestion[] {
    const { knowledge } = this.options;
    const lang = knowledge.searchLanguage(turn.lang);
    const near = (c: MatchCandidate) => c.signals.coverage > 0 || sharesLatinStem(turn.inbound.text, phrasings(knowledge.variant(c.entryId, lang)), lang);
    return candidates.filter((c) => !this.isConversation(c.entryId) && near(c))
      .slice(0, this.options.maxSuggestions ?? 3).map((c) => ({ entryId: c.entryId, title: c.title }));
  }

  /**
   * To a message in a language the knowledge base lacks, not answered: which languages it can
   * answer in (with the suggestions the turn has), in the customer's own language where the bot
   * has words for it (a Polish customer of an English-only shop), else in the conversation's.
   */
  private sayLanguages(turn: Turn, extra: Partial<OutboundMessage>): void {
    const own = turn.unsupportedLang!;
    const lang = CATALOGUES[own] ? own : turn.lang;
    this.say(turn, 'languageUnsupported', extra, { languages: this.languageNames(lang) }, lang);
  }

  /**
   * The knowledge base's languages, each named in itself ("English, Polski, 中文"): the languages
   * of its FAQ entries that have a message catalogue, the default first, listed as `lang` writes
   * lists. Each name is a bidirectional isolate, so that in an Arabic sentence "English, Polski"
   * keeps its order.
   */
  private languageNames(lang: string): string {
    const langs = new Set((this.options.knowledge.entries?.() ?? []).filter((e) => !this.isConversation(e.id)).flatMap((e) => e.variants.map((v) => v.lang)));
    const named = [this.options.defaultLang, ...[...langs].sort()].filter((l, i, all) => CATALOGUES[l] && langs.has(l) && all.indexOf(l) === i);
    const separator = phrase('listSeparator', lang, this.options.defaultLang).text;
    return (named.length ? named : [this.options.defaultLang]).map((l) => `\u2068${CATALOGUES[l]?.languageName ?? l}\u2069`).join(separator);
  }

  /** What the bot can help with: the most asked entries in the customer's language. */
  /** `exchange`: what came before the message (lastExchange), where the caller has read it. */
  private async starters(turn: Turn, exchange?: Exchange): Promise<Suggestion[]> {
    const { knowledge } = this.options;
    if (!knowledge.entries) return [];
    // What the customer was just answered is no topic to start on ("ok thanks" after the answer
    // about a late parcel offered that same answer again).
    const { recent } = exchange ?? await this.lastExchange(turn);
    const answered = new Set(recent.flatMap((m) => (m.role === 'bot' && m.entryId && !this.isConversation(m.entryId) ? [m.entryId] : [])));
    const topics = await starterTopics({ store: this.tally, knowledge: { entries: () => knowledge.entries!(), variant: (id, l) => knowledge.variant(id, l), searchLanguage: (l) => knowledge.searchLanguage(l) } },
      turn.lang, this.options.starterTopics ?? 3, answered);
    return topics.map((t) => ({ ...t, starter: true as const }));
  }

  private platformIntents: Middleware<Turn> = async (turn, next) => {
    if (turn.event.type !== 'message') return next();
    const keyword = this.options.handoffKeywords?.length ? findHandoffKeyword(turn.inbound.text, this.options.handoffKeywords) : undefined;
    if (keyword) {
      this.log.info('handoff keyword', { conversationId: turn.conversation.id, keyword });
      this.handOff(turn, 'keyword', 'handoff');
      return;
    }
    const intent = detectPlatformIntent(turn.inbound.text);
    if (intent === 'human') {
      this.handOff(turn, 'asked-for-human', 'handoff');
      return;
    }
    if (intent === 'restart') {
      turn.failedAttempts = 0;
      this.say(turn, 'restart');
      return;
    }
    // Greetings and thanks are conversation entries of the knowledge base; these phrases are
    // only the fallback for a knowledge base without them.
    if ((intent === 'greeting' || intent === 'thanks') && !this.hasConversationEntries()) {
      this.say(turn, intent);
      return;
    }
    await next();
  };

  private related(entry: FaqEntry | undefined, lang: string): Suggestion[] {
    return (entry?.related ?? []).map((id) => ({ entryId: id, title: this.options.knowledge.variant(id, lang)?.question ?? '' }))
      .filter((s) => s.title).slice(0, this.options.maxSuggestions ?? 3);
  }

  /** Answers the entry; `alsoAsked` (other entries the message matched as confidently) lead its suggestions. */
  private answer(turn: Turn, entryId: string, confidence: number, alsoAsked: MatchCandidate[] = []) {
    // A synonyms entry has no answer to give, whatever a client names as its choice.
    if (isSynonymsEntry(this.options.knowledge.entry(entryId))) return false;
    const lang = this.options.knowledge.searchLanguage(turn.lang);
    const variant = this.options.knowledge.variant(entryId, lang);
    if (!variant) return false;
    const suggestions = firstOfEach([...alsoAsked, ...this.related(this.options.knowledge.entry(entryId), lang)], this.options.maxSuggestions ?? 3, entryId);
    turn.replies.push({ role: 'bot', text: variant.answer, lang: variant.lang, entryId, confidence, suggestions: suggestions.length ? suggestions : undefined });
    turn.failedAttempts = 0;
    return true;
  }

  /**
   * A photo, voice note, file or location without words: the bot cannot read it, so it says so and
   * asks for words, with the starter topics. Neither a failed attempt nor a step toward a person
   * (the customer did not ask anything yet). It is stored with the message: an agent who takes
   * over sees it. With a caption, the caption is the message. A sticker alone is small talk.
   */
  private attachmentsAlone: Middleware<Turn> = async (turn, next) => {
    if (turn.event.type !== 'message' || turn.inbound.text || !turn.inbound.attachments?.length) return next();
    // A sticker says how the customer feels, like "👍": answered as that small talk where it exists.
    if (turn.inbound.attachments.every((a) => a.kind === 'sticker') && await this.converse(turn, ACKNOWLEDGEMENT_ENTRY, 1)) return;
    turn.outcome = 'conversation';
    const suggestions = await this.starters(turn);
    this.say(turn, 'attachmentsUnread', { suggestions: suggestions.length ? suggestions : undefined });
  };

  /**
   * A suggestion picked by typing it ("2", "the second one", "drugie", "第二个", and "yes" to
   * "Did you mean …?" with one suggestion): a press of the suggestions of the bot's last reply.
   */
  private typedChoice: Middleware<Turn> = async (turn, next) => {
    if (turn.event.type === 'message' && isTypedChoice(turn.inbound.text, { yes: true })) {
      // "2" can mean nothing but the suggestions still on screen, however long ago they came (as
      // an SMS customer's numbered reply does, adapters/core/runtime.ts).
      const { replies } = await this.lastExchange(turn, true);
      const offering = replies.find((m) => m.role === 'bot' && m.suggestions?.length);
      const choice = offering && ordinalChoice(turn.inbound.text, offering.suggestions!, { yesPicksOne: !offering.entryId });
      if (choice) turn.event = { ...turn.event, type: 'choose', choice: { entryId: choice.entryId, title: choice.title } };
    }
    await next();
  };

  /**
   * What came just before this message: everything since the customer's previous message, newest
   * first (the bot's replies, notices), and that message, when it is among the last few. Nothing
   * for the first message of a visit, unless `acrossVisits`.
   */
  private async lastExchange(turn: Turn, acrossVisits = false): Promise<Exchange> {
    if (turn.newVisit && !acrossVisits) return { replies: [], recent: [] };
    const recent = await this.options.store.messagesBefore(turn.conversation.id, turn.inbound.seq, LAST_EXCHANGE_MESSAGES);
    const at = recent.findIndex((m) => m.role === 'customer');
    return at < 0 ? { replies: recent, recent } : { replies: recent.slice(0, at), question: recent[at], recent };
  }

  /** The customer pressed a suggestion: answer that entry, no guessing needed. */
  private chosenSuggestion: Middleware<Turn> = async (turn, next) => {
    if (turn.event.type === 'choose' && turn.event.choice!.entryId === PERSON_CHOICE) {
      this.handOff(turn, 'asked-for-human', 'handoff');
      return;
    }
    if (turn.event.type === 'choose' && this.answer(turn, turn.event.choice!.entryId, 1)) return;
    await next();
  };

  /** Small talk: the conversation entry's reply, then what the bot can help with. Not a failed attempt, not a success. */
  private async converse(turn: Turn, entryId: string, confidence: number): Promise<boolean> {
    const variant = this.options.knowledge.variant(entryId, this.options.knowledge.searchLanguage(turn.lang));
    if (!variant) return false;
    if (entryId === ANSWER_REJECTED_ENTRY && await this.answerRejected(turn, variant.answer, variant.lang, confidence)) return true;
    const suggestions = await this.starters(turn);
    turn.outcome = 'conversation';
    turn.replies.push({ role: 'bot', text: variant.answer, lang: variant.lang, entryId, confidence, suggestions: suggestions.length ? suggestions : undefined });
    return true;
  }

  /**
   * "That's not what I asked" right after an FAQ answer: the question it answered was not answered
   * after all. It counts as a failed attempt (the maxFailedAttempts-th in a row hands off, with the
   * transcript), the reply offers the question's other candidates instead of starter topics, and
   * the answer gets an unhelpful verdict (TurnReport.rejected: the inbox shows it to editors).
   * False when the bot's last reply was no FAQ answer: then it is small talk like any other.
   */
  private async answerRejected(turn: Turn, reply: string, replyLang: string, confidence: number): Promise<boolean> {
    const { knowledge } = this.options;
    const lang = knowledge.searchLanguage(turn.lang);
    const exchange = await this.lastExchange(turn);
    const { replies, question } = exchange;
    // The newest of the bot's replies that names an entry, unless something else came after it.
    const answer = replies.find((m) => m.role !== 'bot' || m.entryId);
    if (!answer || answer.role !== 'bot' || !answer.entryId || this.isConversation(answer.entryId) || answer.handoff) return false;
    turn.rejected = { messageId: answer.id, entryId: answer.entryId };
    turn.failedAttempts += 1;
    // What else the question may have meant: its other candidates that a clarification would
    // offer, then the entries the editors linked to the missed answer, then its other candidates
    // however unlikely its confident answer made them look (the customer has just ruled it out).
    const asked = question && await knowledge.match(question.text, turn.lang, 5);
    const o = withThresholds(this.options, asked?.thresholds);
    const floor = suggestionFloor(o);
    const ranked = (asked?.candidates ?? []).filter((c) => c.entryId !== answer.entryId && !this.isConversation(c.entryId));
    const suggestions = firstOfEach([
      ...ranked.filter((c) => c.confidence >= floor), ...this.related(knowledge.entry(answer.entryId), lang), ...ranked.filter((c) => c.confidence < floor),
    ], o.maxSuggestions ?? 3);
    if (turn.failedAttempts >= o.maxFailedAttempts) {
      turn.outcome = 'handoff';
      const rejected = { entryId: answer.entryId, title: knowledge.variant(answer.entryId, lang)?.question ?? answer.entryId, confidence: answer.confidence ?? 0 };
      this.handOff(turn, 'repeated-failure', 'handoffRepeated', [rejected, ...ranked.slice(0, 2).map(attemptOf)], { confidence });
      return true;
    }
    if (!suggestions.length) suggestions.push(...await this.starters(turn, exchange));
    turn.outcome = 'conversation';
    turn.replies.push({ role: 'bot', text: reply, lang: replyLang, entryId: ANSWER_REJECTED_ENTRY, confidence, suggestions: suggestions.length ? suggestions : undefined });
    return true;
  }

  /** The suggestion that hands the conversation to a person when pressed, in the reply's language. */
  private personChoice(turn: Turn, lang = turn.lang): Suggestion {
    return { entryId: PERSON_CHOICE, title: phrase('personChoice', lang, this.options.defaultLang).text };
  }

  /**
   * The entry to answer is the answer just above, in the same language: the customer asks it again
   * ("it's been two weeks already", "what about cash on delivery?", the question reworded after
   * "that's not what I asked"). The same text sent again helps nobody: the reply points at it,
   * offers its related entries and a person (PERSON_CHOICE), and says how to reach one. It names
   * the entry (feedback on it is feedback on the answer) and counts as a failed attempt, so asking
   * once more hands off with the transcript (at the default maxFailedAttempts of 2). A press of
   * the entry's button, or the same question in another language or a later visit, gets the
   * answer itself. A message that also asks something else (`alsoAsked`) gets that answer instead.
   * `exchange`: what came before the message (lastExchange).
   */
  private answerRepeated(turn: Turn, exchange: Exchange, candidate: MatchCandidate, alsoAsked: MatchCandidate[] = []): boolean {
    const { knowledge } = this.options;
    const lang = knowledge.searchLanguage(turn.lang);
    const variant = knowledge.variant(candidate.entryId, lang);
    if (!variant) return false;
    const shown = answerOnScreen(exchange.recent, (id) => this.isConversation(id));
    if (shown?.entryId !== candidate.entryId || shown.lang !== variant.lang) return false;
    const [other, ...rest] = alsoAsked;
    if (other && this.answer(turn, other.entryId, other.confidence, rest)) return true;
    turn.failedAttempts += 1;
    const { confidence } = candidate;
    if (turn.failedAttempts >= this.options.maxFailedAttempts) {
      turn.outcome = 'handoff';
      this.handOff(turn, 'repeated-failure', 'handoffAnswerNotEnough', [{ entryId: candidate.entryId, title: variant.question, confidence }], { confidence });
      return true;
    }
    // The entry's related entries, then a person, one press away.
    const max = this.options.maxSuggestions ?? 3;
    const related = firstOfEach(this.related(knowledge.entry(candidate.entryId), lang), Math.max(0, max - 1), candidate.entryId);
    const person = max > 0 ? [this.personChoice(turn, variant.lang)] : [];
    this.say(turn, 'answerRepeated', { entryId: candidate.entryId, confidence, suggestions: [...related, ...person] }, { title: variant.question }, variant.lang);
    return true;
  }

  /**
   * A message the bot cannot answer alone, right after an FAQ answer, read as leaning on it ("and
   * how long does that take?"): the entries on the customer's screen (that answer and the
   * suggestions under it) are likelier, by followUpOdds (see inContext). The lift may reorder the
   * suggestions and let the bot answer the entry it ranked first anyway (`aloneFirst`), never
   * another: a self-contained question must not get a related entry's answer instead of its own.
   * Undefined when the bot's last reply was no FAQ answer, or followUpOdds is 1.
   */
  private asFollowUp(exchange: Exchange, candidates: MatchCandidate[]): { candidates: MatchCandidate[]; aloneFirst?: string } | undefined {
    const odds = this.options.followUpOdds ?? FOLLOW_UP_ODDS;
    if (odds === 1 || !candidates.length) return undefined;
    const isConversation = (id: string) => this.isConversation(id);
    // Small talk after the answer ("ok thanks") leaves it on screen; "that's not what I asked" does not.
    const onScreen = entriesOnScreen(exchange.recent, isConversation, (id) => id !== ANSWER_REJECTED_ENTRY);
    if (!onScreen) return undefined;
    return { candidates: inContext(candidates, onScreen, isConversation, odds), aloneFirst: candidates.find((c) => !isConversation(c.entryId))?.entryId };
  }

  /**
   * A message the bot cannot answer alone, right after one it did not answer either, read with it
   * as one question sent in two parts ("how do I" / "return an item?"), when both point at the
   * same entry (see `continues`). The candidates of the two together, or undefined.
   */
  private async asContinuation(turn: Turn, exchange: Exchange, alone: MatchCandidate[]): Promise<MatchCandidate[] | undefined> {
    if (this.options.continuations === false) return undefined;
    const before = unansweredBefore(exchange);
    if (!before) return undefined;
    const { knowledge } = this.options;
    const [joined, previous] = await Promise.all([knowledge.match(`${before.text} ${turn.inbound.text}`, turn.lang, 5), knowledge.match(before.text, turn.lang, 5)]);
    return continues(joined.candidates, alone, previous.candidates, (id) => this.isConversation(id)) ? joined.candidates : undefined;
  }

  /**
   * The policy's decision. Only the maxFailedAttempts-th question in a row the bot cannot answer
   * hands off; before that the customer gets suggestions (clarify) or a helpful "not understood"
   * with starter topics. Small talk (conversation entries) never counts either way.
   */
  private answerFromKnowledge: Middleware<Turn> = async (turn) => {
    const match = await this.options.knowledge.match(turn.inbound.text, turn.lang, 5);
    turn.match = match;
    let { candidates } = match;
    // Only emoji or punctuation ("👍", "?", "...") is not a question: never a failed attempt, never a
    // handoff. Nor is a word or two that names nothing the FAQ entries speak of ("hmm ok", "lol
    // whatever", small talk the conversation entries lack): "not understood", but not a step
    // toward a person. "refund?" names a topic and counts, as does any message of three words or more.
    const question = isQuestion(turn.inbound.text, turn.lang, this.options.knowledge);
    const policy = withThresholds(this.options, match.thresholds);
    const isConversation = (id: string) => this.isConversation(id);
    const failedBefore = question ? turn.failedAttempts : 0;
    let decision = decide(candidates, failedBefore, policy, isConversation);
    // Read once, where the decision needs what came before: a follow-up, or an answer already on screen.
    let exchange: Exchange | undefined;
    if (decision.kind !== 'answer' && decision.kind !== 'conversation') {
      exchange = await this.lastExchange(turn);
      const followUp = this.asFollowUp(exchange, candidates);
      const joined = followUp ? undefined : await this.asContinuation(turn, exchange, candidates);
      if (followUp) {
        candidates = followUp.candidates;
        decision = decide(candidates, failedBefore, policy, isConversation, (id) => id === followUp.aloneFirst);
      } else if (joined) {
        // A miss still counts: a question rephrased after a miss reads the same way, and two misses in a row hand off.
        candidates = joined;
        decision = decide(candidates, failedBefore, policy, isConversation);
      }
      if (candidates !== match.candidates) turn.match = { ...match, candidates };
    }
    // A word or two naming a topic after a miss ("with my order", then "the order") is the customer
    // narrowing down, not asking for a person: it gets what a first miss gets, with a person one
    // press away (PERSON_CHOICE), and still counts, so the next question the bot cannot answer
    // hands off. A maxFailedAttempts of 1 hands off at once, as configured.
    let offerPerson = false;
    if (decision.kind === 'handoff' && failedBefore > 0 && !hasLetterWords(turn.inbound.text, CHATTER_MAX_WORDS + 1)) {
      const instead = decide(candidates, 0, policy, isConversation);
      if (instead.kind === 'clarify' || instead.kind === 'fallback') [decision, offerPerson] = [instead, true];
    }
    this.log.debug('decision', { kind: decision.kind, top: candidates[0]?.entryId, confidence: candidates[0]?.confidence });
    if (decision.kind === 'conversation' && await this.converse(turn, decision.candidate.entryId, decision.candidate.confidence)) return;
    if (decision.kind === 'answer' && this.answerRepeated(turn, exchange ?? await this.lastExchange(turn), decision.candidate, decision.alsoAsked)) return;
    if (decision.kind === 'answer' && this.answer(turn, decision.candidate.entryId, decision.candidate.confidence, decision.alsoAsked)) return;
    if (question) turn.failedAttempts += 1;
    const nearest = candidates.find((c) => !isConversation(c.entryId));
    if (nearest) turn.nearest = { entryId: nearest.entryId, title: nearest.title, confidence: nearest.confidence };
    const withPerson = (suggestions: Suggestion[]) => (offerPerson ? [...suggestions.slice(0, Math.max(0, (this.options.maxSuggestions ?? 3) - 1)), this.personChoice(turn)] : suggestions);
    if (decision.kind === 'clarify') {
      turn.outcome = 'clarify';
      const extra = { confidence: decision.suggestions[0]?.confidence, suggestions: withPerson(decision.suggestions.map((c) => ({ entryId: c.entryId, title: c.title }))) };
      if (turn.unsupportedLang) this.sayLanguages(turn, extra);
      else this.say(turn, extra.suggestions.filter((s) => s.entryId !== PERSON_CHOICE).length === 1 ? 'clarifyOne' : 'clarify', extra);
      return;
    }
    if (decision.kind !== 'handoff') {
      turn.outcome = 'not-understood';
      const suggestions = this.nearestSuggestions(turn, candidates);
      if (!suggestions.length) suggestions.push(...await this.starters(turn, exchange));
      const offered = withPerson(suggestions);
      const extra = { confidence: candidates[0]?.confidence, suggestions: offered.length ? offered : undefined };
      if (turn.unsupportedLang) this.sayLanguages(turn, extra);
      else this.say(turn, 'notUnderstood', extra);
      return;
    }
    turn.outcome = 'handoff';
    this.handOff(turn, decision.reason, 'handoffRepeated', decision.tried.map(attemptOf), { confidence: candidates[0]?.confidence });
  };
}

/**
 * What came just before a message (Bot.lastExchange): the replies since the customer's previous
 * message, newest first, that message, and all LAST_EXCHANGE_MESSAGES read (`recent`, newest first).
 */
interface Exchange { replies: StoredMessage[]; question?: StoredMessage; recent: StoredMessage[] }

/** A candidate as a handoff packet lists what the bot tried. */
const attemptOf = (c: MatchCandidate): HandoffPacket['attempts'][number] => ({ entryId: c.entryId, title: c.title, confidence: c.confidence });

/** An entry's question and alternates in one language (none without the variant). */
const phrasings = (v: EntryVariant | undefined): string[] => (v ? [v.question, ...v.alternates] : []);

/** At most `max` suggestions, each entry once (where it first comes) and never `except`, as suggestion buttons carry them. */
function firstOfEach(candidates: ReadonlyArray<{ entryId: string; title: string }>, max: number, except?: string): Suggestion[] {
  const seen = new Set(except === undefined ? [] : [except]);
  const out: Suggestion[] = [];
  for (const c of candidates) {
    if (out.length >= max || seen.has(c.entryId)) continue;
    seen.add(c.entryId);
    out.push({ entryId: c.entryId, title: c.title });
  }
  return out;
}

/** Most letter words a message may have and still be no question when it names no FAQ topic. */
const CHATTER_MAX_WORDS = 2;

/** Whether a not-understood message counts as a failed attempt (see answerFromKnowledge). */
function isQuestion(text: string, lang: string, knowledge: KnowledgePort): boolean {
  if (!/[\p{L}\p{N}]/u.test(text)) return false;
  if (hasLetterWords(text, CHATTER_MAX_WORDS + 1) || !knowledge.mentionsTopic) return true;
  return knowledge.mentionsTopic(text, lang);
}

/** Build a bot. Adapters call `bot.handle(event)`. */
export function createBot(options: BotOptions): Bot {
  return new Bot(options);
}
