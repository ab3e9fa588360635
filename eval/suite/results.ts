import type { Zone } from './format.ts';

/** One line of a test's conversation as the report shows it. */
export interface TranscriptLine {
  role: 'customer' | 'bot' | 'agent';
  text: string;
  lang?: string;
  entryId?: string;
  zone?: Zone | 'none';
  confidence?: number;
  latencyMs?: number;
  suggestions?: string[];
  /** The suite file's line of the step. */
  line?: number;
}

/** An expectation or step that did not hold. */
export interface Failure {
  /** 1-based step number in the test. */
  step: number;
  line: number;
  field: string;
  message: string;
  /** The step was optional: reported, not failing the test. */
  optional?: boolean;
}

export interface TestResult {
  /** Stable across runs: suite name › test name. */
  id: string;
  suite: string;
  file: string;
  name: string;
  line: number;
  critical: boolean;
  status: 'pass' | 'fail' | 'skip';
  /** Why it was skipped. */
  reason?: string;
  failures: Failure[];
  transcript: TranscriptLine[];
  durationMs: number;
}

/**
 * What the bot did with a customer turn that has an expected entry or zone (a "question"):
 * `right` / `wrong` answered the expected entry or another (or answered where no answer was
 * expected), else the zone it fell in.
 */
export type QuestionOutcome = 'right' | 'wrong' | 'clarify' | 'fallback' | 'handoff' | 'none';

export interface QuestionResult {
  /** Stable across runs: test id › turn number. */
  id: string;
  testId: string;
  lang: string;
  text: string;
  expectedEntry?: string;
  expectedZone?: Zone;
  zone: Zone | 'none';
  entry?: string;
  /** The best candidate's calibrated confidence, as the bot reported it. */
  confidence?: number;
  /** Whether the bot's top choice (the answer, or the first suggestion) was the expected entry; undefined when unknown. */
  topRight?: boolean;
  latencyMs: number;
  outcome: QuestionOutcome;
  /** Every expectation of the turn held. */
  pass: boolean;
}

/** Per language (and `all`): shares of questions. */
export interface Aggregate {
  questions: number;
  pass: number;
  answeredRight: number;
  answeredWrong: number;
  handoff: number;
  clarify: number;
  fallback: number;
  /** Expected calibration error over questions whose top choice is known (10 bins). */
  ece: number;
  latencyP95: number;
}

/** Entries × languages no test or recorded question exercises. */
export interface Coverage {
  entries: number;
  pairs: number;
  covered: number;
  /** entry id → languages not exercised. */
  missing: Record<string, string[]>;
}

/** A whole run: what `--json` writes and `--baseline` reads. */
export interface SuiteRun {
  format: 'faqbot-suite-run/1';
  startedAt: string;
  target: { kind: string; description: string };
  files: string[];
  tests: TestResult[];
  questions: QuestionResult[];
  aggregates: Record<string, Aggregate>;
  coverage?: Coverage;
  durationMs: number;
}
