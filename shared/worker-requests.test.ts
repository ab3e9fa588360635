import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WorkerRequests } from './worker-requests.ts';

type Reply = { id: number; echo: string };

/** A worker that answers `{ id, text }` with `{ id, echo: text }`, later for "slow", and exits on "exit". */
const ECHO = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.text === 'exit') process.exit(3);
  setTimeout(() => parentPort.postMessage({ id: m.id, echo: m.text }), m.text === 'slow' ? 200 : 0);
});`;

describe('WorkerRequests', () => {
  it('matches replies to requests by id, starts the worker on demand, and can stop it when idle', async () => {
    let started = 0;
    let idle = 0;
    const requests = new WorkerRequests<Reply>(() => (started++, new Worker(ECHO, { eval: true })), 'the echo thread', () => idle++);
    expect(requests.running).toBe(false);
    const [slow, fast] = await Promise.all([requests.send((id) => ({ id, text: 'slow' })), requests.send((id) => ({ id, text: 'fast' }))]);
    expect([slow.echo, fast.echo]).toEqual(['slow', 'fast']);
    expect(started).toBe(1);
    expect(idle).toBe(1);
    requests.stopIfIdle();
    expect(requests.running).toBe(false);
    expect((await requests.send((id) => ({ id, text: 'again' }))).echo).toBe('again');
    expect(started).toBe(2);
    requests.stopIfIdle();
  });

  it('rejects what waits when the worker stops, names the thread, and starts a new one for the next request', async () => {
    const requests = new WorkerRequests<Reply>(() => new Worker(ECHO, { eval: true }), 'the echo thread');
    const waiting = requests.send((id) => ({ id, text: 'slow' }));
    await expect(requests.send((id) => ({ id, text: 'exit' }))).rejects.toThrow('the echo thread stopped: exit code 3');
    await expect(waiting).rejects.toThrow('the echo thread stopped');
    expect((await requests.send((id) => ({ id, text: 'after' }))).echo).toBe('after');
    requests.stopIfIdle();
  });

  it("forgets one owner's requests, not another's", async () => {
    const requests = new WorkerRequests<Reply>(() => new Worker(ECHO, { eval: true }), 'the echo thread');
    const mine = requests.send((id) => ({ id, text: 'slow' }), 'me');
    const theirs = requests.send((id) => ({ id, text: 'slow' }), 'them');
    requests.forget('me', new Error('closed'));
    await expect(mine).rejects.toThrow('closed');
    expect((await theirs).echo).toBe('slow');
    requests.stopIfIdle();
  });
});
