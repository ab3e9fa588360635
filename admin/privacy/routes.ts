import express, { type Router } from 'express';
import { z } from 'zod';
import { silentLogger, type Database, type Logger } from '../../bot/index.ts';
import { NotFoundError, validate } from '../../errors/index.ts';
import { currentUser, requireUser, sameOriginWrites, type SessionStore } from '../auth/index.ts';
import { customerSummary, eraseCustomer, exportCustomer, findCustomers } from './customer-data.ts';

// Exported for the OpenAPI document (openapi-paths.ts).
export const CustomerQuery = z.object({ q: z.string().trim().min(1).max(500).describe('a phone number, the name their channel shows, a channel address, a conversation id or a customer id') });

/**
 * A customer's data on their request, under /api/admin/customers (role with `privacy`: admins):
 * find them, see what is stored, download all of it as JSON, erase all of it.
 */
export function privacyRoutes(o: { db: Database; sessions: SessionStore; logger?: Logger }): Router {
  const log = o.logger ?? silentLogger;
  const router = express.Router();
  const admins = requireUser(o.sessions, 'privacy');
  const search = validate({ query: CustomerQuery });
  const id = (req: express.Request) => String(req.params.id);

  router.get('/api/admin/customers', admins, search, async (req, res) => {
    res.json({ customers: await findCustomers(o.db, search.query(req).q) });
  });

  router.get('/api/admin/customers/:id', admins, async (req, res) => {
    const customer = await customerSummary(o.db, id(req));
    if (!customer) throw new NotFoundError('no such customer');
    res.json({ customer });
  });

  router.get('/api/admin/customers/:id/export', admins, async (req, res) => {
    const data = await exportCustomer(o.db, id(req), currentUser(res).id);
    if (!data) throw new NotFoundError('no such customer');
    log.info('customer data exported', { customerId: data.customerId, by: currentUser(res).id });
    res.setHeader('Content-Disposition', `attachment; filename="customer-${data.customerId.replace(/[^\w.-]/g, '_')}.json"`);
    res.setHeader('Cache-Control', 'no-store');
    res.json(data);
  });

  router.delete('/api/admin/customers/:id', admins, sameOriginWrites, async (req, res) => {
    const erased = await eraseCustomer(o.db, id(req), currentUser(res).id);
    if (!erased) throw new NotFoundError('no such customer');
    log.info('customer data erased', { customerId: erased.customerId, by: currentUser(res).id, rows: erased.total });
    res.json(erased);
  });
  return router;
}
