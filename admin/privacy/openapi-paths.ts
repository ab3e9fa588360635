/** The customer-data routes (routes.ts) in the OpenAPI document. */
import { errorResponses } from '../openapi-errors.ts';
import { jsonResponse, z, type AdminApi } from '../openapi-registry.ts';
import { CustomerQuery } from './routes.ts';

const PRIVACY = 'Needs `privacy` (admins).';
const refused = { 401: 'not signed in (`unauthenticated`)', 403: 'the role lacks `privacy` (`forbidden`)' };
const tags = ['privacy'];
const params = z.object({ id: z.string().describe('the customer id') });
const Customer = z.object({
  id: z.string(), displayName: z.string().optional(),
  identities: z.array(z.object({ channel: z.string(), address: z.string() })),
  conversations: z.number(), messages: z.number(), firstSeen: z.string(), lastSeen: z.string().optional(),
});

export function registerPrivacyPaths(api: AdminApi): void {
  api.add({
    method: 'get', path: '/api/admin/customers', tags, description: PRIVACY, request: { query: CustomerQuery },
    summary: 'Find customers by a phone number (however written), a channel address, a conversation id or their id',
    responses: { 200: jsonResponse('the customers found, newest first (at most 20)', z.object({ customers: z.array(Customer) })), ...errorResponses({ ...refused, 400: 'no query (`bad_request`)' }) },
  });
  api.add({
    method: 'get', path: '/api/admin/customers/{id}', tags, description: PRIVACY, request: { params },
    summary: 'One customer: addresses, conversations and messages stored',
    responses: { 200: jsonResponse('the customer', z.object({ customer: Customer })), ...errorResponses({ ...refused, 404: 'no such customer (`not_found`)' }) },
  });
  api.add({
    method: 'get', path: '/api/admin/customers/{id}/export', tags, description: PRIVACY, request: { params },
    summary: 'Everything stored about a customer, table by table, as a JSON download (the request is recorded)',
    responses: {
      200: jsonResponse('the export', z.object({ customerId: z.string(), exportedAt: z.string(), tables: z.record(z.array(z.object({}).passthrough())) })),
      ...errorResponses({ ...refused, 404: 'no such customer (`not_found`)' }),
    },
  });
  api.add({
    method: 'delete', path: '/api/admin/customers/{id}', tags, description: PRIVACY, request: { params },
    summary: 'Erase a customer: their conversations, messages, addresses, verdicts, inbox questions and analytics events, in one transaction (the request is recorded, without personal data)',
    responses: {
      200: jsonResponse('what went, rows per table', z.object({ customerId: z.string(), rows: z.record(z.number()), total: z.number() })),
      ...errorResponses({ ...refused, 403: 'the role lacks `privacy` (`forbidden`), or a cross-site request (`cross_origin`)', 404: 'no such customer (`not_found`)' }),
    },
  });
}
