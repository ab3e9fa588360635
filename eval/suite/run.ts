import { aggregates } from './aggregate.ts';
import { answeredEntry, check, offered } from './checks.ts';
import type { Step, Suite, SuiteTest } from './format.ts';
import type { Failure, QuestionOutcome, QuestionResult, SuiteRun, TestResult, TranscriptLine } from './results.ts';
import { zoneOf, type SuiteTarget, type TurnOutcome } from './target.ts';

export interface RunSuitesOptions {
  /** Prefix of the customers' ids, so runs against one server never share a conversation. Default random. */
  runId?: string;
  /** Channel of customer turns that name none. Default "webchat". */
  channel?: string;
  /** Called after each test (progress). */
  onTest?: (result: TestResult, done: number, total: number) => void;
}

/** Stable ids across runs: what a baseline compares by. */
export const testId = (suite: Suite, test: SuiteTest) => `${suite.name} › ${test.name}`;
export const questionId = (test: string, step: number) => `${test} › turn ${step}`;

function outcomeOf(step: Extract<Step, { kind: 'customer' }>, o: TurnOutcome): QuestionOutcome {
  const zone = zoneOf(o);
  if (zone !== 'answer') return zone;
  const entry = answeredEntry(o);
  if (step.expect?.entry) return entry === step.expect.entry ? 'right' : 'wrong';
  return step.expect?.zone === 'answer' ? 'right' : 'wrong';
}

/** Run one test: its turns in order, in one conversation of its own. */
async function runTest(target: SuiteTarget, suite: Suite, test: SuiteTest, userId: string, o: RunSuitesOptions, questions: QuestionResult[]): Promise<TestResult> {
  const id = testId(suite, test);
  const base = { id, suite: suite.name, file: suite.file, name: test.name, line: test.line, critical: test.critical };
  const started = performance.now();
  if (test.skip) return { ...base, status: 'skip', reason: test.skip, failures: [], transcript: [], durationMs: 0 };
  const unsupported = test.steps.map((s) => target.unsupported(s)).find(Boolean);
  if (unsupported) return { ...base, status: 'skip', reason: `${target.kind}: ${unsupported}`, failures: [], transcript: [], durationMs: 0 };
  const failures: Failure[] = [];
  const transcript: TranscriptLine[] = [];
  const said: string[] = [];
  const mine: QuestionResult[] = [];
  let conversationId: string | undefined;
  for (const [i, step] of test.steps.entries()) {
    const n = i + 1;
    const fail = (field: string, message: string) => failures.push({ step: n, line: step.line, field, message, optional: step.optional || undefined });
    if (step.kind === 'agent') {
      transcript.push({ role: 'agent', text: step.agent === 'reply' ? step.text! : `(${step.agent})`, line: step.line });
      if (!conversationId) {
        fail('agent', 'an agent step needs a customer turn before it');
        continue;
      }
      try {
        await target.agent(conversationId, step.agent, step.text);
      } catch (err) {
        fail('agent', `${step.agent} refused: ${(err as Error).message}`);
      }
      continue;
    }
    said.push(step.say);
    transcript.push({ role: 'customer', text: step.say, lang: step.lang, line: step.line });
    let out: TurnOutcome;
    try {
      out = await target.say({ userId, text: step.say, channel: step.channel ?? o.channel ?? 'webchat', lang: step.lang, at: step.at ? new Date(step.at) : undefined });
    } catch (err) {
      fail('say', `the bot failed: ${(err as Error).message}`);
      break;
    }
    conversationId = out.conversationId;
    const zone = zoneOf(out);
    for (const r of out.replies) {
      transcript.push({ role: 'bot', text: r.text, lang: r.lang, entryId: r.entryId, confidence: r.confidence, zone, latencyMs: Math.round(out.latencyMs), suggestions: r.suggestions?.map((s) => s.entryId) });
    }
    const cid = out.conversationId;
    const misses = await check(step.expect, out, { said: [...said], handoffTranscript: () => target.handoffTranscript(cid) });
    for (const m of misses) fail(m.field, m.message);
    const e = step.expect;
    if (e?.entry || e?.zone) {
      const entry = answeredEntry(out);
      const top = zone === 'answer' ? entry : zone === 'clarify' ? offered(out)[0] : undefined;
      mine.push({
        id: questionId(id, n), testId: id, lang: e.language ?? step.lang ?? out.lang, text: step.say,
        expectedEntry: e.entry, expectedZone: e.zone, zone, entry,
        confidence: out.replies.find((r) => r.confidence !== undefined)?.confidence,
        topRight: e.entry && top ? top === e.entry : undefined,
        latencyMs: Number(out.latencyMs.toFixed(1)), outcome: outcomeOf(step, out), pass: misses.length === 0,
      });
    }
  }
  questions.push(...mine);
  const status = failures.some((f) => !f.optional) ? 'fail' : 'pass';
  return { ...base, status, failures, transcript, durationMs: Math.round(performance.now() - started) };
}

/** Run suites against a target, tests one after another (a turn's latency is its own). */
export async function runSuites(suites: Suite[], target: SuiteTarget, o: RunSuitesOptions = {}): Promise<SuiteRun> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const runId = o.runId ?? `suite-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const tests: TestResult[] = [];
  const questions: QuestionResult[] = [];
  const total = suites.reduce((s, x) => s + x.tests.length, 0);
  let n = 0;
  for (const suite of suites) {
    for (const test of suite.tests) {
      const result = await runTest(target, suite, test, `${runId}-${++n}`, o, questions);
      tests.push(result);
      o.onTest?.(result, n, total);
    }
  }
  return {
    format: 'faqbot-suite-run/1', startedAt, target: { kind: target.kind, description: target.description },
    files: suites.map((s) => s.file), tests, questions, aggregates: aggregates(questions), durationMs: Math.round(performance.now() - started),
  };
}
