/** OpenAPI 3 description of the test console route, merged into /api/openapi.json. */

import { errorResponse } from '../openapi-errors.ts';

const signals = {
  type: 'object',
  required: ['dense', 'lexical', 'bm25', 'coverage', 'classifier', 'chatter'],
  properties: {
    dense: { type: 'number', description: 'best cosine similarity of the embeddings (0 when the embedder does not cover the language)' },
    lexical: { type: 'number', description: 'best TF-IDF cosine over words and character n-grams' },
    bm25: { type: 'number', description: 'BM25 full-text score (unnormalised)' },
    coverage: { type: 'number', description: "share of the IDF-weighted words of the entry's best-covered text that the question contains" },
    classifier: { type: 'number', description: "the trained classifier's probability" },
    chatter: { type: 'number', description: "at most 0: how much closer the question is to the nearest generic off-topic question (greetings, small talk) than to the entry's nearest phrasing; lowers the confidence" },
  },
};

/** `paths` entries for `POST /api/admin/test`. */
export const testConsolePaths = {
  '/api/admin/test': {
    post: {
      tags: ['test console'],
      summary: 'What the bot would do with a question',
      description: 'Runs the bot\'s own path (language choice, platform intents, match, answer policy under the configured thresholds) without a conversation. `source: "draft"` matches against the current drafts, built in a throwaway index and cached until they change; the live bot is never touched. Needs `knowledge` or `analytics`.',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object', additionalProperties: false, required: ['text'],
              properties: {
                text: { type: 'string', minLength: 1, maxLength: 4000 },
                lang: { type: 'string', pattern: '^[a-z]{2,3}(-[a-z]{2,4})?$', description: 'test in this language instead of the detected one' },
                source: { type: 'string', enum: ['live', 'draft'], default: 'live' },
              },
            },
          },
        },
      },
      responses: {
        200: {
          description: 'the ranked entries, their signals and the zone',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['lang', 'detectedLang', 'searchLang', 'source', 'zone', 'thresholds', 'candidates'],
                properties: {
                  lang: { type: 'string' },
                  detectedLang: { type: 'string' },
                  searchLang: { type: 'string', description: 'language the entries were searched in (the default when `lang` has no content)' },
                  source: { type: 'string', enum: ['live', 'draft'] },
                  zone: { type: 'string', enum: ['answer', 'clarify', 'fallback', 'handoff'] },
                  intent: { type: 'string', enum: ['greeting', 'thanks', 'restart', 'human', 'keyword'], description: 'set when the platform answers before the knowledge base' },
                  thresholds: { type: 'object', required: ['answer', 'clarify'], properties: { answer: { type: 'number' }, clarify: { type: 'number' } } },
                  candidates: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['entryId', 'title', 'score', 'confidence', 'signals'],
                      properties: {
                        entryId: { type: 'string' }, title: { type: 'string' }, matchedText: { type: 'string' },
                        score: { type: 'number' }, confidence: { type: 'number' }, signals,
                      },
                    },
                  },
                  reply: { type: 'object', required: ['html'], properties: { html: { type: 'string', description: 'sanitized' }, entryId: { type: 'string' } } },
                },
              },
            },
          },
        },
        400: errorResponse('bad body (zod issues in `details`)'),
        401: errorResponse('not signed in'),
        403: errorResponse('role lacks knowledge and analytics, or a cross-site request'),
        409: errorResponse('drafts cannot be tested on this server'),
        415: errorResponse('not JSON'),
      },
    },
  },
} as const;
