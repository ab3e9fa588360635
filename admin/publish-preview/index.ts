/** "What changes if I publish": suites and recorded questions against the drafts and the live version, and the publish gate. */
export { PublishPreview, changeOf, type PublishGateMode, type PublishPreviewOptions, type PublishPreviewResult, type PreviewItem, type PreviewChange } from './preview.ts';
export { publishPreviewRoutes } from './routes.ts';
export { recordedQuestions, type RecordedQuestion } from './recorded-questions.ts';
