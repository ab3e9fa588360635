import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot } from '../adapters/test-support.ts';
import { silentLogger } from '../bot/index.ts';
import { chatApi } from './chat-api.ts';

describe('POST /api/chat under a backlog', () => {
  let tb: Awaited<ReturnType<typeof startTestBot>>;
  let server: ReturnType<express.Express['listen']>;
  let url: string;

  beforeAll(async () => {
    tb = await startTestBot();
    const app = express();
    app.use(express.json());
    app.use(chatApi(tb.bot, silentLogger, { maxBacklog: 2 }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 300_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await tb?.cleanup();
  });

  // A plain request on its own connection.
  const ask = (userId: string) => new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(`${url}/api/chat`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ userId, text: 'Where is my order?' }));
  });

  it('answers 503 with Retry-After past the backlog instead of queueing, and answers again once it drains', async () => {
    // A backlog: one customer's burst of messages, answered one after another.
    const burst = Array.from({ length: 20 }, (_, i) => tb.bot.handle({
      type: 'message', conversation: { channel: 'api', userId: 'backlog-burst' }, externalId: `burst-${i}`, from: { id: 'backlog-burst' }, text: 'Where is my order?',
    }));
    expect(tb.bot.turnsInProgress).toBe(20);
    const busy = await ask('backlog-other');
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    expect(JSON.parse(busy.body)).toMatchObject({ error: 'busy' });
    await Promise.all(burst);
    expect(tb.bot.turnsInProgress).toBe(0);
    const after = await ask('backlog-other');
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body).replies[0].text).toMatch(/track/i);
  });
});
