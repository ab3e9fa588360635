/** eval/: evaluation suites. Datasets in, metrics and reports out. */
export { parseDataset, DatasetError, OOS, type Example } from './dataset.ts';
export { calibrationErrorFloor, computeMetrics, multiclassMcc, expectedCalibrationError, percentile, type Metrics, type Prediction } from './metrics.ts';
export { runEval, entriesFromExamples, chooseThreshold, type EvalOptions, type EvalReport, type QuestionOutcome, type Thresholds } from './run.ts';
export { formatReport } from './report.ts';
// Conversation suites: the pieces other folders use (the admin's publish preview). The CLI and
// reports import eval/suite/index.ts, which also holds the HTML report (it imports admin/).
export { loadSuites, parseSuite, SuiteFormatError } from './suite/parse.ts';
export { signTestP } from './suite/gate.ts';
export { coverageOf } from './suite/coverage.ts';
export type { Coverage } from './suite/results.ts';
