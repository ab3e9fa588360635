/** admin/unanswered: the inbox of questions the bot could not answer confidently, grouped, and what editors do with them. */
export { UnansweredInbox, type UnansweredInboxOptions } from './inbox.ts';
export { UnansweredStore, type UnansweredStoreOptions } from './unanswered-store.ts';
export { FeedbackStore, type MessageFeedback } from './feedback-store.ts';
export { QuestionSimilarity, normalizedQuestion, type QuestionVector } from './similarity.ts';
export { labeledQuestions, type LabeledQuestion } from './labeled.ts';
export { unansweredRoutes, groupView, type UnansweredRoutesOptions } from './routes.ts';
export { registerUnansweredPaths } from './openapi-paths.ts';
export type { Actor, AuditPort, DraftsPort, LiveKnowledgePort, PublisherPort, PublishJobLike } from './ports.ts';
export { UNANSWERED_REASONS, GROUP_STATUSES, type GroupStatus, type NewUnanswered, type Suggested, type UnansweredGroup, type UnansweredQuestion, type UnansweredReason, type UnansweredSource } from './types.ts';
