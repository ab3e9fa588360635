import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnavailableError } from './app-error.ts';
import { errorHandler, notFound, readBody, validate } from './express.ts';

/** Log lines as they were written. */
const lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = [];
const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => void lines.push({ level: 'debug', msg, fields }),
  warn: (msg: string, fields?: Record<string, unknown>) => void lines.push({ level: 'warn', msg, fields }),
  error: (msg: string, fields?: Record<string, unknown>) => void lines.push({ level: 'error', msg, fields }),
};

const Body = z.object({ name: z.string().trim().min(1, 'a name'), age: z.number().int().min(0) }).strict();
const Query = z.object({ limit: z.coerce.number().int().max(10).default(5) });

describe('errorHandler, validate, readBody', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.use(readBody(express.json({ limit: '1kb' })));
    const input = validate({ body: Body, query: Query });
    app.post('/people', input, (req, res) => void res.json({ body: input.body(req), query: input.query(req) }));
    app.get('/stale', async () => {
      throw new ConflictError('stale_revision', 'somebody saved first', { fields: { revision: 3 }, details: { by: 'ana' } });
    });
    app.get('/gone', () => {
      throw new NotFoundError('no entry "x"');
    });
    app.get('/busy', async () => {
      throw new UnavailableError('busy', 'try again', { retryAfterSeconds: 2 });
    });
    app.get('/bug', async () => {
      throw new Error('secret table "users" is missing');
    });
    app.use(notFound());
    app.use(errorHandler({ logger }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const call = async (path: string, init?: RequestInit) => {
    const res = await fetch(url + path, init);
    return { status: res.status, headers: res.headers, body: await res.json() };
  };
  const post = (path: string, body: string) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers an AppError with its class\'s status and { error, message, details }, its fields beside them', async () => {
    expect(await call('/stale')).toMatchObject({
      status: 409, body: { error: 'stale_revision', message: 'somebody saved first', revision: 3, details: { by: 'ana' } },
    });
    const gone = await call('/gone');
    expect(gone).toMatchObject({ status: 404 });
    expect(gone.body).toEqual({ error: 'not_found', message: 'no entry "x"' });
  });

  it('answers a rejected async handler\'s bug with 500 internal, logs its stack and never sends it', async () => {
    lines.length = 0;
    const res = await call('/bug');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'internal', message: 'something went wrong' });
    expect(JSON.stringify(res.body)).not.toMatch(/users|at /);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', fields: expect.objectContaining({ path: '/bug', status: 500, stack: expect.stringContaining('secret table') }) }));
  });

  it('sends Retry-After with a 503, logged as a warning', async () => {
    lines.length = 0;
    const res = await call('/busy');
    expect(res).toMatchObject({ status: 503, body: { error: 'busy', message: 'try again' } });
    expect(res.headers.get('retry-after')).toBe('2');
    expect(lines.map((l) => l.level)).toEqual(['warn']);
  });

  it('gives the handler the parsed body and query', async () => {
    expect(await post('/people?limit=7', '{"name":"  Ana ","age":31}')).toEqual({ status: 200, headers: expect.anything(), body: { body: { name: 'Ana', age: 31 }, query: { limit: 7 } } });
    expect((await post('/people', '{"name":"Ana","age":31}')).body.query).toEqual({ limit: 5 });
  });

  it('refuses a body that does not fit with 400 bad_request, every issue in details', async () => {
    const res = await post('/people', '{"name":" ","age":-1,"extra":true}');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
    expect(res.body.message).toBe('body.name: a name');
    expect(res.body.details).toEqual(expect.arrayContaining([
      { path: 'name', message: 'a name' },
      expect.objectContaining({ path: 'age' }),
      expect.objectContaining({ path: '', message: expect.stringMatching(/extra/) }),
    ]));
    expect(res.body.details).toHaveLength(3);
  });

  it('refuses a query that does not fit, naming the query', async () => {
    const res = await post('/people?limit=99', '{"name":"Ana","age":1}');
    expect(res).toMatchObject({ status: 400, body: { error: 'bad_request', message: expect.stringMatching(/^query\.limit: /) } });
  });

  it('answers broken JSON with 400 bad_json and a body over the limit with 413 too_large', async () => {
    expect(await post('/people', '{"name": ')).toMatchObject({ status: 400, body: { error: 'bad_json' } });
    expect(await post('/people', JSON.stringify({ name: 'x'.repeat(2000), age: 1 }))).toMatchObject({ status: 413, body: { error: 'too_large' } });
  });

  it('answers what no route answers with 404 not_found', async () => {
    expect(await call('/nowhere')).toMatchObject({ status: 404, body: { error: 'not_found', message: 'no such route' } });
  });
});
