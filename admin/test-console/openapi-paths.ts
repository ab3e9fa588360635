/** `POST /api/admin/test` (routes.ts) in the OpenAPI document: the body is the route's own schema, the answer is TestResult's shape. */
import { errorResponses } from '../openapi-errors.ts';
import { jsonBody, jsonResponse, z, type AdminApi } from '../openapi-registry.ts';
import { testRequest } from './routes.ts';

const Signals = z.object({
  dense: z.number().describe('best cosine similarity of the embeddings (0 when the embedder does not cover the language)'),
  lexical: z.number().describe('best TF-IDF cosine over words and character n-grams'),
  bm25: z.number().describe('BM25 full-text score (unnormalised)'),
  coverage: z.number().describe("share of the IDF-weighted words of the entry's best-covered text that the question contains"),
  classifier: z.number().describe("the trained classifier's probability"),
  chatter: z.number().describe("at most 0: how much closer the question is to the nearest generic off-topic question (greetings, small talk) than to the entry's nearest phrasing; lowers the confidence"),
});
const TestResult = z.object({
  lang: z.string(), detectedLang: z.string(),
  searchLang: z.string().describe('language the entries were searched in (the default when `lang` has no content)'),
  source: z.enum(['live', 'draft']), zone: z.enum(['answer', 'clarify', 'fallback', 'handoff']),
  intent: z.enum(['greeting', 'thanks', 'restart', 'human', 'keyword']).optional().describe('set when the platform answers before the knowledge base'),
  thresholds: z.object({ answer: z.number(), clarify: z.number() }),
  readAs: z.string().optional().describe("the question as the matcher read it, when the knowledge base's synonyms or typo correction changed it"),
  unknownWords: z.array(z.string()).optional().describe('its words that no entry of the language uses (typos and inflected forms of their words aside): synonyms to consider'),
  candidates: z.array(z.object({ entryId: z.string(), title: z.string(), matchedText: z.string().optional(), score: z.number(), confidence: z.number(), signals: Signals })),
  reply: z.object({ html: z.string().describe('sanitized'), entryId: z.string().optional() }).optional(),
});

/** The test console's one route. */
export function registerTestConsolePaths(api: AdminApi): void {
  api.add({
    method: 'post', path: '/api/admin/test', tags: ['test console'], summary: 'What the bot would do with a question',
    description: 'Runs the bot\'s own path (language choice, platform intents, match, answer policy under the configured thresholds) without a conversation. `source: "draft"` matches against the current drafts, built in a throwaway index and cached until they change; the live bot is never touched. Needs `knowledge` or `analytics`.',
    request: { body: jsonBody(testRequest()) },
    responses: {
      200: jsonResponse('the ranked entries, their signals and the zone', TestResult),
      ...errorResponses({
        400: 'bad body (zod issues in `details`)', 401: 'not signed in', 403: 'role lacks knowledge and analytics, or a cross-site request',
        409: 'drafts cannot be tested on this server', 415: 'not JSON',
      }),
    },
  });
}
