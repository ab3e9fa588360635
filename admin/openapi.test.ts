import SwaggerParser from '@apidevtools/swagger-parser';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../app/server.ts';
import { silentLogger } from '../bot/index.ts';
import { knowledgeHarness, type KnowledgeHarness } from './knowledge/test-support.ts';

interface Layer { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }

/** Every [METHOD, path] an express app answers, walking nested routers. */
function mountedRoutes(stack: Layer[]): Array<[string, string]> {
  return stack.flatMap((layer): Array<[string, string]> => {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      return paths.flatMap((p) => Object.keys(layer.route!.methods).filter((m) => m !== '_all').map((m): [string, string] => [m.toUpperCase(), p]));
    }
    return layer.handle?.stack ? mountedRoutes(layer.handle.stack) : [];
  });
}

describe('GET /api/openapi.json', () => {
  let h: KnowledgeHarness;

  beforeAll(async () => {
    h = await knowledgeHarness();
  }, 300_000);
  afterAll(() => h?.close());

  it('is an OpenAPI 3 document, served without signing in', async () => {
    const res = await h.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'faqbot_session' });
  });

  it('is valid OpenAPI 3.0 by the specification\'s own schema, with a unique operationId on every operation', async () => {
    const doc = (await h.call('GET', '/api/openapi.json')).body;
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((item) => Object.entries(item).filter(([m]) => m !== 'parameters').map(([, op]) => op.operationId));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes every mounted /api/admin route, and nothing that is not mounted', async () => {
    const app = createHttpApp(silentLogger).app;
    h.admin.mount(app);
    const mounted = mountedRoutes((app as express.Express & { router: { stack: Layer[] } }).router.stack)
      .filter(([, path]) => path.startsWith('/api/admin/'))
      .map(([method, path]) => `${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    expect(mounted.length).toBeGreaterThan(15);
    const doc = (await h.call('GET', '/api/openapi.json')).body;
    const described = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) => Object.keys(item).filter((k) => k !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`));
    expect([...new Set(mounted)].sort()).toEqual([...new Set(described)].sort());
  });

  it('resolves every $ref and gives every operation its responses', async () => {
    const doc = (await h.call('GET', '/api/openapi.json')).body;
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    for (const name of new Set(refs)) expect(doc.components.schemas[name], name).toBeDefined();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(1);
        expect(op.summary, `${method} ${path}`).toBeTruthy();
      }
    }
  });
});
