import express, { type Router } from 'express';
import { z } from 'zod';
import { requireUser, sameOriginWrites, type SessionStore } from '../admin/index.ts';
import { categoryName } from '../bot/index.ts';
import { validate } from '../errors/index.ts';
import type { HelpCenter } from './help-center.ts';

const Order = z.object({ order: z.array(z.string().trim().min(1).max(100)).max(500) }).strict();

/**
 * The editors' settings of the help center under /api/admin/help: `GET /categories` (roles with
 * `knowledge` or `analytics`) lists the live categories in the order shown, with their names per
 * language; `PUT /categories` `{ order: [...] }` (role with `knowledge`) sets that order.
 */
export function helpAdminRoutes(o: { help: HelpCenter; sessions: SessionStore }): Router {
  const r = express.Router();
  const view = async () => {
    const { site } = await o.help.site();
    return {
      order: (await o.help.categoryOrder.current()).order,
      categories: site.categoryOrder().map((id) => ({
        id, names: Object.fromEntries(site.languages.map((l) => [l, categoryName(id, l)])),
        articles: Object.fromEntries(site.languages.map((l) => [l, site.categories(l).find((c) => c.id === id)?.articles.length ?? 0])),
      })),
    };
  };
  r.get('/api/admin/help/categories', requireUser(o.sessions, ['knowledge', 'analytics']), async (_req, res) => {
    res.json(await view());
  });
  const order = validate({ body: Order });
  r.put('/api/admin/help/categories', requireUser(o.sessions, 'knowledge'), sameOriginWrites, order, async (req, res) => {
    await o.help.categoryOrder.set(order.body(req).order);
    res.json(await view());
  });
  return r;
}
