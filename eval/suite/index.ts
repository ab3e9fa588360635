/** Conversation test suites: YAML in, runs against a target, gates, JUnit and HTML reports out. */
export { ZONES, type Expectation, type Step, type Suite, type SuiteTest, type Zone } from './format.ts';
export { parseSuite, loadSuites, suiteFiles, SuiteFormatError } from './parse.ts';
export { zoneOf, type SuiteTarget, type TurnOutcome, type BotReply, type CustomerInput } from './target.ts';
export { inProcessTarget, packetCustomerTexts } from './app-target.ts';
export { httpTarget, HttpTargetError, type HttpTargetOptions } from './http-target.ts';
export { runSuites, testId, questionId, type RunSuitesOptions } from './run.ts';
export { aggregate, aggregates } from './aggregate.ts';
export { compareRuns, formatGate, signTestP, type GateOptions, type GateResult } from './gate.ts';
export { toJunit, formatRun } from './junit.ts';
export { coverageOf } from './coverage.ts';
export { appendHistory, readHistory, historyPoint, serializeRun, type HistoryPoint } from './history.ts';
export { renderReport } from './report-html.ts';
export type { SuiteRun, TestResult, QuestionResult, Aggregate, Coverage, TranscriptLine, Failure } from './results.ts';
export { entrySuiteYaml } from './entry-suite.ts';
