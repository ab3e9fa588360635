/** The publish preview routes (routes.ts) in the OpenAPI document; the override body is the route's own schema. */
import { errorResponses } from '../openapi-errors.ts';
import { jsonBody, jsonResponse, z, type AdminApi } from '../openapi-registry.ts';
import { Override } from './routes.ts';

const ZONES = ['answer', 'clarify', 'fallback', 'handoff'] as const;
const int = z.number().int();
const Side = z.object({ zone: z.enum(ZONES), entry: z.string().optional(), confidence: z.number().optional() });
// What PublishPreview.run answers (preview.ts), plus whether an admin overrode the gate.
const Preview = z.object({
  draftsHash: z.string(), liveVersion: int.optional(), ranAt: z.string().datetime(), seconds: z.number(),
  questions: z.object({ suite: int, recent: int, unanswered: int }).partial(),
  counts: z.record(int).describe('questions per change: newly-answered, newly-wrong, newly-unanswered, answer-changed, fixed, other'),
  table: z.record(z.record(int)).describe('zone live → zone with the drafts: count'),
  changed: z.array(z.object({
    source: z.enum(['suite', 'recent', 'unanswered']), text: z.string(), lang: z.string().optional(),
    expectedEntry: z.string().optional().describe('a suite test\'s entry, or for an unanswered-inbox question the suggestion its customer pressed (not judged by the gate)'), expectedZone: z.string().optional(), test: z.string().optional(), critical: z.boolean().optional(), live: Side, draft: Side,
    change: z.enum(['newly-answered', 'newly-wrong', 'newly-unanswered', 'answer-changed', 'fixed', 'other']).optional(),
  })),
  gate: z.object({ mode: z.enum(['off', 'warn', 'block']), blocked: z.boolean(), reasons: z.array(z.string()), worse: int, better: int, p: z.number() }),
  coverage: z.object({ entries: int, pairs: int, covered: int, missing: z.record(z.array(z.string())) }),
  suiteErrors: z.array(z.string()),
  overridden: z.boolean().describe('an admin has overridden the gate for these drafts'),
});
const tags = ['publish'];
const noDrafts = 'drafts cannot be tested on this server (`no_drafts`)';

/** `POST /api/admin/publish-preview` and its admin override. */
export function registerPublishPreviewPaths(api: AdminApi): void {
  api.add({
    method: 'post', path: '/api/admin/publish-preview', tags, summary: 'What changes if the drafts are published',
    description: 'Puts every suite question (SUITES_DIR) and the recent and unanswered customer questions to the live version and to the drafts (as the test console does), and returns the moves, the zone transitions, coverage and the gate (PUBLISH_GATE). Cached until the drafts or the live version change; `?fresh=1` reruns. Needs `knowledge` or `analytics`. With PUBLISH_GATE=block, `POST /api/admin/publish` answers 409 `publish_gate` while this blocks and no admin overrode it.',
    // The route reads `fresh` as it comes (anything but "1" is a cached run), so no zod schema checks it.
    request: { query: z.object({ fresh: z.enum(['1']).optional() }) },
    responses: {
      200: jsonResponse('the preview', Preview),
      ...errorResponses({ 401: 'not signed in', 403: 'the role cannot read the knowledge base, or a cross-origin request', 409: noDrafts }),
    },
  });
  api.add({
    method: 'post', path: '/api/admin/publish-preview/override', tags, summary: 'Let the current drafts through the publish gate (admins)',
    description: 'Records the override, with its reason and the gate\'s reasons, in the knowledge audit log (action `publish.gate-override`). It holds for these drafts only. Needs the `users` permission (admins).',
    request: { body: jsonBody(Override) },
    responses: {
      200: jsonResponse('overridden', z.object({ overridden: z.boolean(), draftsHash: z.string() })),
      ...errorResponses({ 400: 'no reason given', 401: 'not signed in', 403: 'not an admin, or a cross-origin request', 409: noDrafts }),
    },
  });
}
