import { PERSON_CHOICE, silentLogger, type ConversationStore, type Database, type Logger, type StoredMessage, type TurnReport } from '../../bot/index.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../../errors/index.ts';
import { isFaqEntry, isSynonymsEntry, type FaqEntry } from '../../knowledge/index.ts';
import { FeedbackStore } from './feedback-store.ts';
import { labeledQuestions, type LabeledQuestion } from './labeled.ts';
import type { Actor, AuditPort, DraftsPort, LiveKnowledgePort, PublisherPort, PublishJobLike } from './ports.ts';
import { distinctQuestions, draftEntry, asQuestion, questionBefore, slugFor, uniqueId } from './prefill.ts';
import { QuestionSimilarity } from './similarity.ts';
import type { GroupStatus, NewUnanswered, Suggested, UnansweredGroup } from './types.ts';
import { UnansweredStore } from './unanswered-store.ts';

export interface UnansweredInboxOptions {
  db: Database;
  store: ConversationStore;
  /** The live knowledge base: entry titles, ids in use, and the grouping's IDF. */
  knowledge?: LiveKnowledgePort;
  /** admin/knowledge's DraftStore: needed for add-alternate. */
  drafts?: DraftsPort;
  /** admin/knowledge's Publisher: add-alternate publishes right away. */
  publisher?: PublisherPort;
  /** The knowledge audit log: inbox actions are recorded there. */
  audit?: AuditPort;
  /** Language of a question when the conversation has none. Default "en". */
  defaultLang?: string;
  /** Grouping similarity threshold. Default 0.62. */
  threshold?: number;
  logger?: Logger;
}

/** What the inbox reads of a turn (bot's TurnReport): small talk and queue turns are never unanswered questions. */
type InboxTurn = Pick<TurnReport, 'conversation' | 'messages' | 'outcome' | 'nearest' | 'choice' | 'unsupportedLang' | 'rejected'>;

/** Words a group offers as synonyms to add, at most. */
const UNKNOWN_WORDS_SHOWN = 5;
/** The title and note of a synonyms entry the inbox makes (editors may reword them). */
const SYNONYMS_TITLE = 'Words customers use';
const SYNONYMS_NOTE = 'Each alternate phrasing is one group of words that mean the same here: customers\' words that no entry uses are read as the group\'s word the entries use.';

/** Handoff reasons that mean "the bot tried and failed" (not "the customer asked for a person"). */
const FAILED_HANDOFFS = new Set(['low-confidence', 'repeated-failure']);

/**
 * The unanswered-questions inbox: records every customer question the bot could not answer
 * confidently (it clarified, it handed off after trying, or the customer rated the answer
 * unhelpful), grouped by similarity, and the editor's actions on a group.
 */
export class UnansweredInbox {
  readonly questions: UnansweredStore;
  readonly feedback: FeedbackStore;
  private readonly log: Logger;
  private similarity?: { version: number | undefined; sim: QuestionSimilarity };

  constructor(private readonly options: UnansweredInboxOptions) {
    this.log = options.logger ?? silentLogger;
    this.questions = new UnansweredStore(options.db, { similarity: () => this.currentSimilarity(), threshold: options.threshold });
    this.feedback = new FeedbackStore(options.db);
  }

  /** IDF over the live knowledge base's questions, rebuilt when a new version goes live. */
  private currentSimilarity(): QuestionSimilarity {
    const kb = this.options.knowledge;
    if (!this.similarity || this.similarity.version !== kb?.version) {
      const corpus = (kb?.entries() ?? []).flatMap((e) => e.variants.flatMap((v) => [v.question, ...v.alternates].map((text) => ({ text, lang: v.lang }))));
      this.similarity = { version: kb?.version, sim: new QuestionSimilarity(corpus) };
    }
    return this.similarity.sim;
  }

  private title(entryId: string, lang: string): string {
    return this.options.knowledge?.variant(entryId, lang)?.question ?? entryId;
  }

  /**
   * createBot's onTurn: record the turn's question when the bot clarified, or handed off after
   * trying, and the suggestion a customer pressed in answer to a clarification. Never throws (a
   * failure is logged; the customer's turn is already done).
   */
  onTurn = async (turn: InboxTurn): Promise<void> => {
    try {
      // A suggestion pressed: where the customer says their clarified question belongs (a person,
      // pressed, is no entry).
      const [pressed] = turn.messages;
      if (turn.choice && pressed && turn.choice.entryId !== PERSON_CHOICE) {
        await this.questions.choose(turn.conversation.id, pressed.id, turn.choice);
        return;
      }
      // "That's not what I asked": a thumbs-down on the answer, which files the question it missed
      // (the message itself names no topic, even when it ends in a handoff).
      if (turn.rejected) {
        await this.recordFeedback({ conversationId: turn.conversation.id, messageId: turn.rejected.messageId, helpful: false });
        return;
      }
      const q = await this.fromTurn(turn);
      if (q) await this.questions.record(q);
    } catch (err) {
      this.log.error('unanswered question not recorded', { conversationId: turn.conversation.id, error: String(err) });
    }
  };

  private async fromTurn({ conversation, messages, outcome, nearest, unsupportedLang }: InboxTurn): Promise<NewUnanswered | undefined> {
    const [inbound, ...replies] = messages;
    // Long messages are recorded too (they cannot become alternates, but the topic counts).
    if (!inbound || inbound.role !== 'customer' || !inbound.text.trim()) return undefined;
    if (outcome === 'conversation' || outcome === 'queued' || outcome === 'left-queue') return undefined;
    const bot = replies.filter((m) => m.role === 'bot');
    // A question in a language the knowledge base lacks is filed under that language: what
    // customers ask in it shows an editor which language to add, and a new entry starts in it.
    const lang = unsupportedLang ?? conversation.lang ?? bot[0]?.lang ?? this.options.defaultLang ?? 'en';
    const base = { conversationId: conversation.id, messageId: inbound.id, text: inbound.text, lang };
    if (bot.some((m) => m.handoff)) {
      const handoff = (await this.options.store.handoffs(conversation.id)).at(-1);
      if (!handoff || !FAILED_HANDOFFS.has(handoff.reason)) return undefined;
      const top = (handoff.packet as { attempts?: Suggested[] }).attempts?.[0];
      return { ...base, reason: 'handoff', suggested: top ? { entryId: top.entryId, title: top.title, confidence: top.confidence } : undefined };
    }
    // Not understood: the suggestions are starter topics, so the nearest entry is what is suggested to the editor.
    if (outcome === 'not-understood') return { ...base, reason: 'clarify', suggested: nearest };
    const clarify = bot.find((m) => !m.entryId && m.suggestions?.length);
    if (!clarify) return undefined;
    const s = clarify.suggestions![0]!;
    return { ...base, reason: 'clarify', suggested: { entryId: s.entryId, title: s.title, confidence: clarify.confidence ?? 0 } };
  }

  /**
   * A help-center search with no good result (source "help-center", reason "clarify": the reader
   * was shown at best weak matches). The same words in the same language within `dedupeMinutes`
   * count once, so a reader reloading the results page does not inflate the topic. Never throws.
   */
  recordSearch = async (search: { text: string; lang: string; suggested?: Suggested }, dedupeMinutes = 10): Promise<void> => {
    try {
      const [recent] = await this.options.db.query(
        `select 1 as x from unanswered_questions where source = 'help-center' and lang = $1 and text = $2
         and created_at > now() - make_interval(mins => $3::int)`, [search.lang, search.text, dedupeMinutes]);
      if (recent) return;
      await this.questions.record({ text: search.text, lang: search.lang, reason: 'clarify', source: 'help-center', suggested: search.suggested });
    } catch (err) {
      this.log.error('help-center search not recorded in the inbox', { lang: search.lang, error: String(err) });
    }
  };

  /**
   * A customer's helpful/unhelpful verdict on a bot answer. Unhelpful puts the question it
   * answered in the inbox (reason "unhelpful"); changing it to helpful, or taking it back
   * (`helpful: null`, a messaging app's reaction removed), takes it out again.
   * @throws NotFoundError (no such message in that conversation), BadRequestError `not_an_answer`.
   */
  async recordFeedback<H extends boolean | null>(input: { conversationId: string; messageId: string; helpful: H }): Promise<{ ok: true; messageId: string; helpful: H }> {
    const { store } = this.options;
    const answer = await store.message(input.messageId);
    if (!answer || answer.conversationId !== input.conversationId) throw new NotFoundError('no such message in this conversation');
    if (answer.role !== 'bot' || !answer.entryId) throw new BadRequestError('not_an_answer', 'feedback is for the bot\'s answers only');
    // A reply to "ok" or "bye" is no answer to judge; a thumbs-down on it would fill the inbox with small talk.
    const answered = this.options.knowledge?.entry(answer.entryId);
    if (answered && !isFaqEntry(answered)) throw new BadRequestError('not_an_answer', 'feedback is for answers from the knowledge base, not small talk');
    const saved = input.helpful === null
      ? await this.feedback.clear(input.messageId)
      : await this.feedback.set(input.conversationId, input.messageId, input.helpful);
    const question = await this.repliedTo(answer.id);
    if (question?.role === 'customer') {
      if (input.helpful === false) {
        const lang = (await store.conversation(input.conversationId))?.lang ?? answer.lang ?? this.options.defaultLang ?? 'en';
        await this.questions.record({
          conversationId: input.conversationId, messageId: question.id, text: question.text, lang, reason: 'unhelpful',
          suggested: { entryId: answer.entryId, title: this.title(answer.entryId, lang), confidence: answer.confidence ?? 0 },
        });
      } else if (saved.previous === false) {
        await this.questions.retract(question.id, 'unhelpful');
      }
    }
    return { ok: true, messageId: input.messageId, helpful: input.helpful };
  }

  /** The customer's verdicts on these messages (web chat history shows them pressed). */
  feedbackOf(messageIds: string[]): Promise<Map<string, boolean>> {
    return this.feedback.many(messageIds);
  }

  /** The customer message a bot or agent message replied to (messages.reply_to). */
  private async repliedTo(messageId: string): Promise<StoredMessage | undefined> {
    const [row] = await this.options.db.query<{ reply_to: string | null }>('select reply_to from messages where id = $1', [messageId]);
    return row?.reply_to ? this.options.store.message(row.reply_to) : undefined;
  }

  /** Customers' questions with the entry each said answers it, as eval dataset lines (see labeledQuestions). */
  labeled(): Promise<LabeledQuestion[]> {
    return labeledQuestions(this.options.db, this.options.knowledge);
  }

  /** Groups for the inbox screen, each with the words of its questions that no entry uses. */
  async list(filter: { status?: GroupStatus; lang?: string } = {}): Promise<UnansweredGroup[]> {
    const groups = await this.questions.list(filter);
    const kb = this.options.knowledge;
    if (!kb?.unknownWords) return groups;
    return groups.map((g) => {
      const counts = new Map<string, number>();
      for (const q of g.questions) for (const w of kb.unknownWords!(q.text, g.lang)) counts.set(w, (counts.get(w) ?? 0) + 1);
      const unknownWords = [...counts].sort((a, b) => b[1] - a[1]).slice(0, UNKNOWN_WORDS_SHOWN).map(([w]) => w);
      return unknownWords.length ? { ...g, unknownWords } : g;
    });
  }

  /**
   * Read `word`, which customers of the group's language use and no entry does, as `sameAs`, a
   * word the entries use: one more group in the knowledge base's synonyms entry (made when there
   * is none, or given the language when it lacks it), then publish. The group stays open: the
   * editor sees whether its questions are answered now.
   */
  async addSynonym(groupId: string, input: { word: string; sameAs: string }, actor: Actor): Promise<{ entry: FaqEntry; revision: number; group: string; job: PublishJobLike }> {
    const { drafts, publisher, knowledge } = this.options;
    if (!drafts || !publisher) throw new ConflictError('not_configured', 'entries cannot be edited on this server (no draft store)');
    const group = await this.group(groupId);
    const word = input.word.trim();
    const sameAs = input.sameAs.trim();
    if (!sameAs || knowledge?.unknownWords?.(sameAs, group.lang).length) {
      throw new BadRequestError('unknown_word', `no entry in "${group.lang}" uses "${sameAs}": name a word the entries use`);
    }
    const line = `${sameAs}, ${word}`;
    const all = await drafts.entries();
    // The published synonyms entry: a group added to one kept as a draft would change nothing.
    const own = all.find((e) => isSynonymsEntry(e) && e.status === 'published');
    let saved: { entry: FaqEntry; revision: number };
    if (own && own.variants.some((v) => v.lang === group.lang)) {
      saved = (await drafts.addAlternates(own.id, group.lang, [line], actor)).record;
    } else {
      const variant = { lang: group.lang, question: SYNONYMS_TITLE, alternates: [line], answer: SYNONYMS_NOTE };
      if (own) {
        const current = await drafts.get(own.id);
        saved = await drafts.update(own.id, { ...current!.entry, variants: [...current!.entry.variants, variant] }, current!.revision, actor, 'entry.update');
      } else {
        const id = await uniqueId('synonyms', (candidate) => this.idTaken(candidate));
        saved = await drafts.create({ id, tags: [], related: [], status: 'published', kind: 'synonyms', variants: [variant] }, actor, 'entry.create');
      }
    }
    await this.options.audit?.record({ actor, action: 'unanswered.add-synonym', entityId: saved.entry.id, after: { groupId, lang: group.lang, group: line } });
    const job = await this.publish(actor, `synonym "${word}" = "${sameAs}" (${group.lang}) from the unanswered inbox`);
    return { entry: saved.entry, revision: saved.revision, group: line, job };
  }

  private async group(groupId: string): Promise<UnansweredGroup> {
    const g = await this.questions.group(groupId);
    if (!g) throw new NotFoundError('no such group of unanswered questions');
    return g;
  }

  /**
   * Add a group's questions (all, or `questionIds`) as alternates of an entry in the group's
   * language, publish, and mark the group resolved.
   */
  async addAlternate(groupId: string, input: { entryId: string; questionIds?: string[] }, actor: Actor): Promise<{ entry: FaqEntry; revision: number; added: string[]; job: PublishJobLike }> {
    const { drafts, publisher } = this.options;
    if (!drafts || !publisher) throw new ConflictError('not_configured', 'entries cannot be edited on this server (no draft store)');
    const group = await this.group(groupId);
    if (group.status === 'resolved') throw new ConflictError('not_open', 'this group is already resolved');
    const all = await this.questions.questions(groupId);
    const ids = input.questionIds ? new Set(input.questionIds) : undefined;
    if (ids) {
      const unknown = [...ids].filter((id) => !all.some((q) => q.id === id));
      if (unknown.length) throw new BadRequestError('bad_request', `questions not in this group: ${unknown.join(', ')}`);
    }
    const texts = distinctQuestions(all.filter((q) => !ids || ids.has(q.id)).map((q) => q.text));
    if (!texts.length) throw new BadRequestError('bad_request', 'none of these questions can be an alternate (too long or empty)');
    const draft = await drafts.get(input.entryId);
    if (!draft) throw new NotFoundError(`no entry "${input.entryId}"`);
    if (!draft.entry.variants.some((v) => v.lang === group.lang)) {
      throw new ConflictError('no_variant', `entry "${input.entryId}" has no "${group.lang}" version; add a translation first, or start a new entry`);
    }
    const { record, added } = await drafts.addAlternates(input.entryId, group.lang, texts, actor);
    await this.questions.resolve(groupId, input.entryId, actor.id);
    await this.options.audit?.record({ actor, action: 'unanswered.add-alternate', entityId: input.entryId, before: { groupId, status: group.status }, after: { groupId, status: 'resolved', lang: group.lang, added } });
    const job = await this.publish(actor, `alternate questions for ${input.entryId} from the unanswered inbox`);
    return { entry: record.entry, revision: record.revision, added, job };
  }

  /** Start a publish; when one is running, wait for it and start ours after (our edit must go live too). */
  private async publish(actor: Actor, note: string): Promise<PublishJobLike> {
    const publisher = this.options.publisher!;
    for (let attempt = 0; ; attempt++) {
      try {
        return publisher.start(actor, note);
      } catch (err) {
        const running = publisher.current;
        if ((err as { code?: string }).code !== 'publish_running' || attempt >= 5) throw err;
        if (running) await publisher.wait(running.id).catch(() => undefined);
        else await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** A new, unsaved entry pre-filled from a group: its question, the other phrasings, and an agent's reply when there was one. */
  async newEntry(groupId: string): Promise<{ entry: FaqEntry }> {
    const group = await this.group(groupId);
    const all = await this.questions.questions(groupId);
    const question = asQuestion(group.text) ?? group.text.replace(/\s+/g, ' ').trim().slice(0, 500);
    const alternates = distinctQuestions(all.map((q) => q.text), [question]).slice(0, 20);
    const answer = (await this.agentAnswer(all.flatMap((q) => (q.reason === 'handoff' && q.conversationId && q.messageId ? [{ conversationId: q.conversationId, messageId: q.messageId }] : [])))) ?? '';
    const id = await uniqueId(slugFor(question), (id) => this.idTaken(id));
    return { entry: draftEntry(id, group.lang, question, alternates, answer) };
  }

  /** The first agent reply after one of these handed-off questions, in its conversation. */
  private async agentAnswer(questions: Array<{ conversationId: string; messageId: string }>): Promise<string | undefined> {
    for (const q of questions) {
      const [row] = await this.options.db.query<{ text: string }>(
        `select a.text from messages a join messages c on c.id = $2
         where a.conversation_id = $1 and a.role = 'agent' and a.seq > c.seq order by a.seq limit 1`, [q.conversationId, q.messageId]);
      if (row?.text.trim()) return row.text;
    }
    return undefined;
  }

  private async idTaken(id: string): Promise<boolean> {
    return Boolean(this.options.knowledge?.entry(id)) || Boolean(await this.options.drafts?.get(id));
  }

  /** Dismiss an open group with a reason. */
  async dismiss(groupId: string, reason: string, actor: Actor): Promise<{ ok: true }> {
    const group = await this.group(groupId);
    if (!(await this.questions.dismiss(groupId, reason, actor.id))) throw new ConflictError('not_open', `this group is ${group.status}, not open`);
    await this.options.audit?.record({ actor, action: 'unanswered.dismiss', entityId: `unanswered:${groupId}`, before: { status: group.status }, after: { status: 'dismissed', reason, text: group.text } });
    return { ok: true };
  }

  /**
   * Mark a group answered by a new entry (`POST /api/admin/entries` with `fromUnanswered`).
   * @throws NotFoundError, ConflictError `not_open` (already resolved).
   */
  async resolveWithEntry(groupId: string, entryId: string, actor: Actor): Promise<void> {
    const group = await this.group(groupId);
    if (!(await this.questions.resolve(groupId, entryId, actor.id))) throw new ConflictError('not_open', 'this group is already resolved');
    await this.options.audit?.record({ actor, action: 'unanswered.resolve', entityId: entryId, before: { groupId, status: group.status }, after: { groupId, status: 'resolved' } });
  }

  /** A new, unsaved entry from a handed-off conversation: the customer's question and the agent's reply `messageId`. */
  async entryFromConversation(conversationId: string, messageId: string): Promise<{ entry: FaqEntry }> {
    const { store } = this.options;
    const conversation = await store.conversation(conversationId);
    if (!conversation) throw new NotFoundError('no such conversation');
    const reply = await store.message(messageId);
    if (!reply || reply.conversationId !== conversationId) throw new NotFoundError('no such message in this conversation');
    if (reply.role !== 'agent') throw new BadRequestError('bad_request', 'messageId must be an agent\'s reply');
    const transcript = await store.transcript(conversationId);
    const handoff = transcript.filter((m) => m.handoff && m.seq < reply.seq).at(-1);
    const question = questionBefore(transcript, reply, handoff ? await this.repliedTo(handoff.id) : undefined);
    if (!question) throw new ConflictError('no_question', 'the customer asked no question before this reply');
    const text = asQuestion(question.text)!;
    const lang = conversation.lang ?? question.lang ?? this.options.defaultLang ?? 'en';
    const id = await uniqueId(slugFor(text), (id) => this.idTaken(id));
    return { entry: draftEntry(id, lang, text, [], reply.text) };
  }
}
