import { coverageOf, loadSuites, signTestP, type Coverage } from '../../eval/index.ts';
import { isFaqEntry, type FaqEntry } from '../../knowledge/index.ts';
import { draftsHash } from '../test-console/draft-knowledge.ts';
import type { TestConsole, TestResult } from '../test-console/test-console.ts';

/** What blocks a publish: nothing, a warning the editor sees, or a refusal an admin may override. */
export type PublishGateMode = 'off' | 'warn' | 'block';

/** One question put to the live version and to the drafts. */
export interface PreviewQuestion {
  source: 'suite' | 'recent' | 'unanswered';
  text: string;
  lang?: string;
  /**
   * The entry (or, without one, the zone) the question expects: a suite's test, or for a recorded
   * question the suggestion its customer pressed after a clarification (which the gate does not
   * judge: a customer may press to browse).
   */
  expectedEntry?: string;
  expectedZone?: string;
  test?: string;
  critical?: boolean;
}

export interface PreviewSide {
  zone: TestResult['zone'];
  entry?: string;
  confidence?: number;
}

/**
 * How a question moves when the drafts go live. `newly-answered`: answered now, not before (from
 * the expected entry, when a suite names one or the customer chose one); `newly-wrong`: a question
 * with an expected entry answered from another one, that was not before; `newly-unanswered`: answered or clarified
 * before, not understood or handed to a person now; `answer-changed`: answered from another entry
 * than before, with no expectation to judge it; `fixed`: a question answered right now,
 * not before; `other`: a move between clarify, not understood and handoff.
 */
export type PreviewChange = 'newly-answered' | 'newly-wrong' | 'newly-unanswered' | 'answer-changed' | 'fixed' | 'other';

export interface PreviewItem extends PreviewQuestion {
  live: PreviewSide;
  draft: PreviewSide;
  change?: PreviewChange;
}

export interface PreviewGate {
  mode: PublishGateMode;
  /** With mode `block`: publishing these drafts is refused unless an admin overrides. */
  blocked: boolean;
  /** Why it would block (empty when nothing regressed). */
  reasons: string[];
  /** Suite questions answered right live and not with the drafts, and the reverse; the sign test's p. */
  worse: number;
  better: number;
  p: number;
}

export interface PublishPreviewResult {
  draftsHash: string;
  liveVersion?: number;
  ranAt: string;
  seconds: number;
  questions: { suite: number; recent: number; unanswered: number };
  counts: Record<PreviewChange, number>;
  /** Zones live → drafts: counts. */
  table: Record<string, Record<string, number>>;
  /** Questions that moved, suites first. */
  changed: PreviewItem[];
  gate: PreviewGate;
  /** Entries × languages of the drafts no suite or recorded question exercises. */
  coverage: Coverage;
  /** Suite files that could not be read (named, with the line). */
  suiteErrors: string[];
}

export interface PublishPreviewOptions {
  console: TestConsole;
  /** The current drafts. */
  drafts: () => Promise<FaqEntry[]>;
  /** The live version's number. */
  liveVersion: () => number | undefined;
  /** Recorded customer questions (see recordedQuestions). */
  recorded: () => Promise<Array<{ source: 'recent' | 'unanswered'; text: string; lang?: string; expectedEntry?: string }>>;
  /** Folders or files of conversation suites (eval/SUITES.md). Default none. */
  suites?: string[];
  gate?: PublishGateMode;
  /** Significance of the gate's sign test. Default 0.05. */
  alpha?: number;
}

const side = (r: TestResult): PreviewSide => ({ zone: r.zone, entry: r.reply?.entryId, confidence: r.candidates[0]?.confidence });
const answered = (s: PreviewSide) => s.zone === 'answer' && Boolean(s.entry);
const unanswered = (s: PreviewSide) => s.zone === 'fallback' || s.zone === 'handoff';

/** How one question moves (see PreviewChange). */
export function changeOf(q: PreviewQuestion, live: PreviewSide, draft: PreviewSide): PreviewChange | undefined {
  if (live.zone === draft.zone && live.entry === draft.entry) return undefined;
  const right = (s: PreviewSide) => answered(s) && s.entry === q.expectedEntry;
  if (q.expectedEntry) {
    if (right(draft) && !right(live)) return answered(live) ? 'fixed' : 'newly-answered';
    if (answered(draft) && !right(draft) && !(answered(live) && !right(live))) return 'newly-wrong';
  } else if (q.expectedZone && q.expectedZone !== 'answer') {
    // A suite question that must not be answered from an entry (out of scope, a request for a person).
    if (answered(draft) && !answered(live)) return 'newly-wrong';
  } else {
    if (answered(draft) && answered(live)) return 'answer-changed';
    if (answered(draft)) return 'newly-answered';
  }
  if (unanswered(draft) && !unanswered(live)) return 'newly-unanswered';
  return 'other';
}

/**
 * "What changes if I publish": every suite question and recorded customer question, put to the
 * live version and to the drafts through the test console (the bot's matching and policy, first
 * question of a conversation, nothing stored), and the moves between them. The result is cached
 * per drafts and live version. The gate judges suite questions with an expected entry as the
 * `--baseline` gate does: a one-sided exact sign test on those that got worse and better, plus
 * any question of a test marked critical that got worse.
 */
export class PublishPreview {
  private cached?: { key: string; result: Promise<PublishPreviewResult> };

  constructor(private readonly options: PublishPreviewOptions) {}

  get mode(): PublishGateMode {
    return this.options.gate ?? 'warn';
  }

  /** Whether the drafts can be tested here (the test console has the live embedder). */
  get available(): boolean {
    return this.options.console.canTestDrafts;
  }

  /** The preview of the current drafts (cached until the drafts or the live version change). */
  async run(options: { fresh?: boolean } = {}): Promise<PublishPreviewResult> {
    const drafts = await this.options.drafts();
    const key = `${draftsHash(drafts)}:${this.options.liveVersion() ?? 'none'}`;
    if (!options.fresh && this.cached?.key === key) return this.cached.result;
    const result = this.compute(drafts);
    this.cached = { key, result };
    result.catch(() => { if (this.cached?.key === key) this.cached = undefined; });
    return result;
  }

  private async suiteQuestions(): Promise<{ questions: PreviewQuestion[]; errors: string[] }> {
    const questions: PreviewQuestion[] = [];
    const errors: string[] = [];
    for (const dir of this.options.suites ?? []) {
      try {
        for (const s of await loadSuites([dir])) {
          for (const t of s.tests.filter((x) => !x.skip)) {
            for (const step of t.steps) {
              if (step.kind !== 'customer' || !(step.expect?.entry || step.expect?.zone)) continue;
              questions.push({
                source: 'suite', text: step.say, lang: step.lang ?? step.expect.language, expectedEntry: step.expect.entry,
                expectedZone: step.expect.entry ? undefined : step.expect.zone, test: `${s.name} › ${t.name}`, critical: t.critical || undefined,
              });
            }
          }
        }
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    return { questions, errors };
  }

  private async compute(drafts: FaqEntry[]): Promise<PublishPreviewResult> {
    const started = performance.now();
    const { questions: suite, errors } = await this.suiteQuestions();
    const recorded = await this.options.recorded();
    const items: PreviewItem[] = [];
    for (const q of [...suite, ...recorded]) {
      // The suite's language hint forces the answer language, as a client's would; recorded
      // questions are detected afresh, as the bot does with a new conversation.
      const lang = q.source === 'suite' ? q.lang : undefined;
      const [live, draft] = [await this.options.console.test({ text: q.text, lang, source: 'live' }), await this.options.console.test({ text: q.text, lang, source: 'draft' })];
      const l = side(live);
      const d = side(draft);
      items.push({ ...q, lang: q.lang ?? draft.lang, live: l, draft: d, change: changeOf(q, l, d) });
    }
    const counts: Record<PreviewChange, number> = { 'newly-answered': 0, 'newly-wrong': 0, 'newly-unanswered': 0, 'answer-changed': 0, fixed: 0, other: 0 };
    const table: Record<string, Record<string, number>> = {};
    for (const i of items) {
      if (i.change) counts[i.change]++;
      (table[i.live.zone] ??= {})[i.draft.zone] = (table[i.live.zone]?.[i.draft.zone] ?? 0) + 1;
    }
    // The gate judges the suites' expectations only.
    const judged = items.filter((i) => i.source === 'suite' && i.expectedEntry);
    const right = (s: PreviewSide, i: PreviewItem) => answered(s) && s.entry === i.expectedEntry;
    const worse = judged.filter((i) => right(i.live, i) && !right(i.draft, i));
    const better = judged.filter((i) => !right(i.live, i) && right(i.draft, i)).length;
    const p = signTestP(worse.length, worse.length + better);
    const alpha = this.options.alpha ?? 0.05;
    const reasons: string[] = [];
    if (worse.length > better && p < alpha) reasons.push(`${worse.length} suite questions would no longer be answered right (${better} would be fixed; sign test p = ${p.toFixed(4)} < ${alpha})`);
    for (const i of worse.filter((x) => x.critical)) reasons.push(`critical test "${i.test}" would regress: "${i.text}"`);
    const mode = this.mode;
    const faq = drafts.filter((e) => e.status === 'published');
    const coverage = coverageOf(
      faq.map((e) => ({ id: e.id, langs: e.variants.map((v) => v.lang), notFaq: !isFaqEntry(e) })),
      suite.filter((q) => q.expectedEntry).map((q) => ({ expectedEntry: q.expectedEntry, lang: q.lang ?? '' })),
      // A recorded question exercises the entry that answers it, live or with the drafts.
      items.filter((i) => i.source !== 'suite').flatMap((i) => [i.live.entry, i.draft.entry].filter((e): e is string => Boolean(e)).map((entryId) => ({ entryId, lang: i.lang ?? '' }))),
    );
    const rank = { suite: 0, unanswered: 1, recent: 2 } as const;
    return {
      draftsHash: draftsHash(drafts), liveVersion: this.options.liveVersion(), ranAt: new Date().toISOString(), seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
      questions: { suite: suite.length, recent: recorded.filter((q) => q.source === 'recent').length, unanswered: recorded.filter((q) => q.source === 'unanswered').length },
      counts, table, changed: items.filter((i) => i.change).sort((a, b) => rank[a.source] - rank[b.source]),
      gate: { mode, blocked: mode === 'block' && reasons.length > 0, reasons: mode === 'off' ? [] : reasons, worse: worse.length, better, p: Number(p.toFixed(4)) },
      coverage, suiteErrors: errors,
    };
  }
}
