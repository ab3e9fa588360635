/** admin/test-console: "what would the bot do with this question?", on the live knowledge base or the drafts. */
export { TestConsole, type TestCandidate, type TestConsoleOptions, type TestResult, type Zone } from './test-console.ts';
export { DraftKnowledge, draftsHash, type DraftKnowledgeOptions } from './draft-knowledge.ts';
export { testConsoleRoutes, type TestConsoleRoutesOptions } from './routes.ts';
export { registerTestConsolePaths } from './openapi-paths.ts';
