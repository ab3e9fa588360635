import { chooseLanguage, decide, detectPlatformIntent, findHandoffKeyword, phrase, withThresholds, type PolicyOptions } from '../../bot/index.ts';
import { escapeHtml, isConversationEntry, renderHtml, type FaqEntry, type KnowledgeBase, type LanguageAwareEmbeddings, type LanguageDetector, type MatchCandidate } from '../../knowledge/index.ts';
import { ConflictError } from '../../errors/index.ts';
import { DraftKnowledge } from './draft-knowledge.ts';

/**
 * The zone the bot's policy puts a question in. `fallback`: not understood, answered with a
 * helpful reply and starter topics (a first failure is not a handoff); small talk that matches a
 * conversation entry is `answer`.
 */
export type Zone = 'answer' | 'clarify' | 'fallback' | 'handoff';

/** One ranked entry as the test console shows it. */
export interface TestCandidate {
  entryId: string;
  title: string;
  /** The entry's text that matched best. */
  matchedText: string;
  /** The classifier's probability before calibration (the ranking score). */
  score: number;
  /** The calibrated confidence the thresholds are compared with. */
  confidence: number;
  signals: { dense: number; lexical: number; bm25: number; coverage: number; classifier: number; chatter: number };
}

/** What the bot would do with one question (the `POST /api/admin/test` answer). */
export interface TestResult {
  /** The language the bot would answer in: `lang` when the request forced one, else `detectedLang`. */
  lang: string;
  /** The language the bot itself picks for this text (script, then fastText when sure, else the default). */
  detectedLang: string;
  /** The language the entries were searched in (differs when `lang` has no content: the default's is used). */
  searchLang: string;
  source: 'live' | 'draft';
  zone: Zone;
  /** Set when the platform handles the text before the knowledge base (a greeting, "talk to a person", a handoff keyword). */
  intent?: 'greeting' | 'thanks' | 'restart' | 'human' | 'keyword';
  thresholds: { answer: number; clarify: number };
  /** The question as the matcher read it, when synonyms or typo correction changed it. */
  readAs?: string;
  /** Its words that no entry of the language uses (KnowledgeBase.unknownWords): candidates for synonyms. */
  unknownWords?: string[];
  candidates: TestCandidate[];
  /** What the customer would see, as sanitized HTML. */
  reply?: { html: string; entryId?: string };
}

export interface TestConsoleOptions {
  /** The live knowledge base the bot answers from. */
  knowledge: KnowledgeBase;
  /** Its embedder (the same object, so draft builds reuse cached vectors). Without it, `source: "draft"` is refused. */
  embeddings?: LanguageAwareEmbeddings;
  /** The bot's language detector. */
  detector: LanguageDetector;
  /** The bot's default language. */
  defaultLang: string;
  /** The bot's thresholds (ANSWER_THRESHOLD, CLARIFY_THRESHOLD, MAX_FAILED_ATTEMPTS). */
  policy: PolicyOptions;
  /** The bot's fastText confidence for overriding hints. Default 0.5. */
  languageConfidence?: number;
  /** The bot's handoff keywords. */
  handoffKeywords?: readonly string[];
  /** The current drafts (DraftStore.entries()); without it, `source: "draft"` is refused. */
  drafts?: () => FaqEntry[] | Promise<FaqEntry[]>;
  /** Parent folder of draft builds. Default the OS temp folder. */
  tempRoot?: string;
}

/** The bot's own answer-matching path, run without a conversation: nothing is stored, nobody is notified. */
export class TestConsole {
  private readonly drafts?: DraftKnowledge;

  constructor(private readonly options: TestConsoleOptions) {
    if (options.embeddings && options.drafts) this.drafts = new DraftKnowledge({ embeddings: options.embeddings, defaultLang: options.defaultLang, tempRoot: options.tempRoot });
  }

  /** Whether `source: "draft"` works here. */
  get canTestDrafts(): boolean {
    return Boolean(this.drafts);
  }

  /**
   * Run a question as the first question of a new conversation: language choice, platform
   * intents, `match`, then `decide` under the configured thresholds.
   */
  async test(input: { text: string; lang?: string; source?: 'live' | 'draft' }): Promise<TestResult> {
    const source = input.source ?? 'live';
    const kb = source === 'draft' ? await this.draftBase() : this.options.knowledge;
    const text = input.text.trim();
    const detectedLang = await chooseLanguage(this.options.detector, text, {}, { defaultLang: this.options.defaultLang, confidence: this.options.languageConfidence });
    const lang = input.lang ?? detectedLang;
    // Full-text search everywhere and every candidate's signals, so editors see each score (the
    // bot runs full-text search only where dense search cannot, and skips hopeless candidates).
    const match = kb ? await kb.match(text, lang, 5, { fullText: true, exhaustive: true }) : { lang, candidates: [] };
    const unknownWords = kb ? kb.unknownWords(text, lang) : [];
    // The language's own thresholds (chosen at publish, or overridden), as the bot uses them.
    const policy = withThresholds(this.options.policy, 'thresholds' in match ? match.thresholds : undefined);
    const base = {
      lang, detectedLang, searchLang: match.lang, source,
      thresholds: { answer: policy.answerThreshold, clarify: policy.clarifyThreshold },
      ...('readAs' in match && match.readAs ? { readAs: match.readAs } : {}),
      ...(unknownWords.length ? { unknownWords } : {}),
      candidates: match.candidates.map(toTestCandidate),
    };
    const said = (key: Parameters<typeof phrase>[0]) => ({ html: `<p>${escapeHtml(phrase(key, lang, this.options.defaultLang).text)}</p>` });

    // The same order as the bot's pipeline: keywords and platform intents come before the knowledge base.
    if (this.options.handoffKeywords?.length && findHandoffKeyword(text, this.options.handoffKeywords)) return { ...base, zone: 'handoff', intent: 'keyword', reply: said('handoff') };
    const intent = detectPlatformIntent(text);
    if (intent === 'human') return { ...base, zone: 'handoff', intent, reply: said('handoff') };
    // Greetings and thanks are conversation entries; the phrases are only the fallback without them.
    const conversational = kb?.entries().some(isConversationEntry) ?? false;
    if (intent === 'restart' || (intent && !conversational)) return { ...base, zone: 'answer', intent, reply: said(intent) };

    const decision = decide(match.candidates, 0, policy, (id) => isConversationEntry(kb?.entry(id)));
    if (decision.kind === 'answer' || decision.kind === 'conversation') {
      const variant = kb?.variant(decision.candidate.entryId, match.lang);
      // The bot hands off when the entry has no wording at all; so does the console.
      if (variant) return { ...base, zone: 'answer', reply: { html: renderHtml(variant.answer), entryId: decision.candidate.entryId } };
      return { ...base, zone: 'handoff', reply: said('handoff') };
    }
    if (decision.kind === 'clarify') {
      const items = decision.suggestions.map((c) => `<li>${escapeHtml(c.title)}</li>`).join('');
      return { ...base, zone: 'clarify', reply: { html: `${said(decision.suggestions.length === 1 ? 'clarifyOne' : 'clarify').html}<ul>${items}</ul>` } };
    }
    if (decision.kind === 'fallback') return { ...base, zone: 'fallback', reply: said('notUnderstood') };
    return { ...base, zone: 'handoff', reply: said('handoffRepeated') };
  }

  private async draftBase(): Promise<KnowledgeBase | undefined> {
    if (!this.drafts || !this.options.drafts) throw new ConflictError('no_drafts', 'drafts cannot be tested here (no draft store configured)');
    return this.drafts.get(await this.options.drafts());
  }

  /** Remove the draft builds' temp folders. */
  async close(): Promise<void> {
    await this.drafts?.close();
  }
}

function toTestCandidate(c: MatchCandidate): TestCandidate {
  const s = c.signals;
  return {
    entryId: c.entryId, title: c.title, matchedText: c.matchedText, score: c.score, confidence: c.confidence,
    signals: { dense: s.dense, lexical: s.lexical, bm25: s.bm25, coverage: s.coverage, classifier: s.classifier ?? c.score, chatter: s.chatter ?? 0 },
  };
}
