import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres } from '../app/test-support.ts';
import { ConversationStore } from './conversation-store.ts';
import type { Database } from './db.ts';
import { migrate } from './schema.ts';
import { ConversationOwnership, OWNERSHIP_STATES, OWNERSHIP_TRANSITIONS, OwnershipError, ownershipAction } from './ownership.ts';
import type { Ownership } from './types.ts';

const LEGAL: Array<[Ownership, Ownership]> = [
  ['bot', 'queued'], ['queued', 'agent'], ['agent', 'agent'], ['agent', 'queued'], ['agent', 'resolved'], ['resolved', 'bot'],
  // The customer leaving the queue before anyone claimed it.
  ['queued', 'bot'],
];

describe('the ownership transition table', () => {
  it('allows exactly bot→queued→agent→resolved→bot, transfer (agent→agent), release (agent→queued) and cancel (queued→bot)', () => {
    const table = OWNERSHIP_TRANSITIONS.map((t) => [t.from, t.to]);
    expect(table.sort()).toEqual([...LEGAL].sort());
    for (const from of OWNERSHIP_STATES) {
      for (const to of OWNERSHIP_STATES) {
        const legal = LEGAL.some(([f, t]) => f === from && t === to);
        expect(ownershipAction(from, to) !== undefined, `${from} → ${to}`).toBe(legal);
      }
    }
  });
});

const backends: Array<[string, () => Promise<{ db: Database; cleanup(): Promise<void> }>]> = [
  ['PGlite', freshPglite],
  ['PostgreSQL', freshPostgres],
];

describe.each(backends)('the ownership state machine on %s', (_name, open) => {
  let env: { db: Database; cleanup(): Promise<void> };
  let store: ConversationStore;
  let ownership: ConversationOwnership;
  let n = 0;

  beforeAll(async () => {
    env = await open();
    await migrate(env.db);
    store = new ConversationStore(env.db);
    ownership = new ConversationOwnership(store);
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  /** A fresh conversation brought to `state` through legal moves, the first agent holding it. */
  async function conversationIn(state: Ownership): Promise<string> {
    const customer = await store.resolveCustomer('test', `owner-${++n}-${Math.random()}`);
    const { id } = await store.conversationFor(customer.id, 'test');
    if (state === 'bot') return id;
    await ownership.handoff(id, 'bot', 'low-confidence');
    if (state === 'queued') return id;
    await ownership.claim(id, 'agent-1');
    if (state === 'agent') return id;
    await ownership.resolve(id, 'agent-1');
    return id;
  }

  const cases = OWNERSHIP_STATES.flatMap((from) => OWNERSHIP_STATES.map((to) => [from, to] as [Ownership, Ownership]));

  it.each(cases)('%s → %s is allowed exactly when the table says so, and recorded', async (from, to) => {
    const id = await conversationIn(from);
    const before = await store.ownershipHistory(id);
    const legal = LEGAL.some(([f, t]) => f === from && t === to);
    const attempt = ownership.transition(id, to, { actor: 'agent-2', assignee: 'agent-2', reason: `test ${from}→${to}` });
    if (legal) {
      const after = await attempt;
      expect(after.status).toBe(to);
      expect(after.assignee).toBe(to === 'agent' ? 'agent-2' : undefined);
      expect(after.queuedAt !== undefined).toBe(to === 'queued');
      const history = await store.ownershipHistory(id);
      expect(history).toHaveLength(before.length + 1);
      expect(history.at(-1)).toMatchObject({ from, to, actor: 'agent-2', reason: `test ${from}→${to}` });
      expect(history.at(-1)!.at).toBeInstanceOf(Date);
    } else {
      const err = await attempt.then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(OwnershipError);
      expect(err).toMatchObject({ name: 'OwnershipError', code: 'illegal', details: { conversationId: id, from, to } });
      expect((err as Error).message).toContain(`from "${from}"`);
      expect((await store.conversation(id))!.status).toBe(from);
      expect(await store.ownershipHistory(id)).toEqual(before);
    }
  });

  it('records the whole life of a handoff with actor, reason, assignee and time', async () => {
    const id = await conversationIn('bot');
    await ownership.handoff(id, 'bot', 'asked-for-human');
    await ownership.claim(id, 'alice');
    await ownership.transfer(id, 'alice', 'bob', { reason: 'billing question', onlyIfHeldBy: 'alice' });
    await ownership.release(id, 'bob', { onlyIfHeldBy: 'bob' });
    await ownership.claim(id, 'carol');
    await ownership.resolve(id, 'carol', { onlyIfHeldBy: 'carol' });
    await ownership.returnToBot(id, 'customer');
    const history = await store.ownershipHistory(id);
    expect(history.map((h) => [h.from, h.to, h.actor, h.assignee ?? null, h.reason])).toEqual([
      ['bot', 'queued', 'bot', null, 'asked-for-human'],
      ['queued', 'agent', 'alice', 'alice', 'claimed'],
      ['agent', 'agent', 'alice', 'bob', 'billing question'],
      ['agent', 'queued', 'bob', null, 'released to the queue'],
      ['queued', 'agent', 'carol', 'carol', 'claimed'],
      ['agent', 'resolved', 'carol', null, 'resolved'],
      ['resolved', 'bot', 'customer', null, 'returned to the bot'],
    ]);
    for (let i = 1; i < history.length; i++) expect(history[i]!.at.getTime()).toBeGreaterThanOrEqual(history[i - 1]!.at.getTime());
  });

  it('refuses a transfer to the agent who already holds it, and changes by someone who does not hold it', async () => {
    const id = await conversationIn('agent');
    await expect(ownership.transfer(id, 'agent-1', 'agent-1')).rejects.toMatchObject({ code: 'illegal' });
    await expect(ownership.resolve(id, 'mallory', { onlyIfHeldBy: 'mallory' })).rejects.toMatchObject({ code: 'forbidden', details: { assignee: 'agent-1' } });
    await expect(ownership.release(id, 'mallory', { onlyIfHeldBy: 'mallory' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(ownership.transfer(id, 'mallory', 'mallory', { onlyIfHeldBy: 'mallory' })).rejects.toMatchObject({ code: 'forbidden' });
    // A claim never turns into a transfer of a conversation somebody else already holds.
    await expect(ownership.claim(id, 'agent-2')).rejects.toThrow(/cannot claim .*held by agent-1/);
    expect(await store.conversation(id)).toMatchObject({ status: 'agent', assignee: 'agent-1' });
    await expect(ownership.claim('no-such-conversation', 'agent-1')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lets exactly one of several agents claiming at once win', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await conversationIn('queued');
      const agents = Array.from({ length: 6 }, (_, i) => `racer-${round}-${i}`);
      const results = await Promise.allSettled(agents.map((a) => ownership.claim(id, a)));
      const winners = results.filter((r) => r.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      const winner = (winners[0] as PromiseFulfilledResult<{ assignee?: string }>).value.assignee;
      for (const r of results) {
        if (r.status === 'rejected') {
          expect(r.reason).toBeInstanceOf(OwnershipError);
          expect(['conflict', 'illegal']).toContain(r.reason.code);
          expect(r.reason.message).toContain(winner);
        }
      }
      expect(await store.conversation(id)).toMatchObject({ status: 'agent', assignee: winner });
      expect((await store.ownershipHistory(id)).filter((h) => h.to === 'agent')).toHaveLength(1);
    }
  });

  it('never loses a message when the bot, agents and notices append to one conversation at once', async () => {
    const id = await conversationIn('agent');
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) =>
      store.appendMessage(id, { role: i % 2 ? 'agent' : 'customer', text: `m${i}`, channel: 'test' })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const transcript = await store.transcript(id);
    expect(transcript.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(transcript.map((m) => m.text)).size).toBe(20);
  });

  it('keeps the queue in arrival order and flags an unclaimed conversation exactly once', async () => {
    const first = await conversationIn('queued');
    const second = await conversationIn('queued');
    const p1 = (await store.queuePosition(first))!;
    expect(await store.queuePosition(second)).toBe(p1 + 1);
    const queue = (await store.queue()).map((c) => c.id);
    expect(queue.indexOf(first)).toBeLessThan(queue.indexOf(second));
    const flags = await Promise.all([store.flagUnclaimed(first), store.flagUnclaimed(first), store.flagUnclaimed(first)]);
    expect(flags.filter(Boolean)).toHaveLength(1);
    expect((await store.conversation(first))!.flaggedAt).toBeInstanceOf(Date);
    await ownership.claim(first, 'agent-1');
    expect(await store.conversation(first)).toMatchObject({ flaggedAt: undefined, queuedAt: undefined });
    expect(await store.queuePosition(first)).toBeUndefined();
    expect(await store.queuePosition(second)).toBe(p1);
  });
});
