/** eval/: evaluation suites. Datasets in, metrics and reports out. */
export { parseDataset, DatasetError, OOS, type Example } from './dataset.ts';
export { computeMetrics, multiclassMcc, expectedCalibrationError, percentile, type Metrics, type Prediction } from './metrics.ts';
export { runEval, entriesFromExamples, chooseThreshold, type EvalOptions, type EvalReport, type Thresholds } from './run.ts';
export { formatReport } from './report.ts';
