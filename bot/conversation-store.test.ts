import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres } from '../app/test-support.ts';
import { ConversationStore } from './conversation-store.ts';
import type { Database } from './db.ts';
import { legacyMigrate, LEGACY_MIGRATIONS } from './legacy-migrations.fixture.ts';
import { migrate, SCHEMA } from './schema.ts';
import { LEGACY_VERSIONS } from './schema-legacy.ts';

/** One contract, every implementation: the embedded database and the PostgreSQL server. */
const implementations: Array<{ name: string; open(): Promise<{ db: Database; cleanup(): Promise<void> }> }> = [
  { name: 'PGlite (embedded)', open: freshPglite },
  { name: 'PostgreSQL server', open: freshPostgres },
];

describe.each(implementations)('ConversationStore on $name', ({ open }) => {
  let env: { db: Database; cleanup(): Promise<void> };
  let store: ConversationStore;

  beforeAll(async () => {
    env = await open();
    await migrate(env.db);
    store = new ConversationStore(env.db);
  });
  afterAll(() => env.cleanup());

  it('migrates once', async () => {
    expect(await migrate(env.db)).toBe(0);
  });

  it('resolves the same customer for the same channel address', async () => {
    const a = await store.resolveCustomer('webchat', 'user-1', 'Ann');
    const b = await store.resolveCustomer('webchat', 'user-1');
    expect(b.id).toBe(a.id);
    expect(b.displayName).toBe('Ann');
    expect((await store.resolveCustomer('sms', 'user-1')).id).not.toBe(a.id);
  });

  it('creates a new customer with their conversation on first contact, once even when asked concurrently', async () => {
    const [a, b] = await Promise.all([store.customerConversation('webchat', 'first-1', 'Bo'), store.customerConversation('webchat', 'first-1', 'Bo')]);
    expect(b.customer.id).toBe(a.customer.id);
    expect(b.conversation.id).toBe(a.conversation.id);
    expect(a.customer.displayName).toBe('Bo');
    expect(a.conversation).toMatchObject({ customerId: a.customer.id, channel: 'webchat', status: 'bot', failedAttempts: 0 });
    expect((await store.resolveCustomer('webchat', 'first-1')).id).toBe(a.customer.id);
    expect((await store.conversationFor(a.customer.id, 'webchat')).id).toBe(a.conversation.id);
    const again = await store.customerConversation('webchat', 'first-1');
    expect(again.conversation.id).toBe(a.conversation.id);
    // A customer known without a conversation (linked elsewhere) gets one.
    const known = await store.resolveCustomer('sms', 'first-2');
    const opened = await store.customerConversation('sms', 'first-2');
    expect(opened.customer.id).toBe(known.id);
    expect(opened.conversation.customerId).toBe(known.id);
  });

  it('records a delivery exactly once, even concurrently', async () => {
    const c = await store.resolveCustomer('sms', '+15550001');
    const conv = await store.conversationFor(c.id, 'sms');
    const delivery = { channel: 'sms', userId: '+15550001', externalId: 'SM123' };
    const results = await Promise.all(Array.from({ length: 8 }, () => store.recordInbound(delivery, conv.id, { role: 'customer', text: 'hi', channel: 'sms' })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.transcript(conv.id)).toHaveLength(1);
    expect((await store.priorDelivery(delivery)).inbound?.id).toBe(results.find(Boolean)!.id);
  });

  it('keys a delivery on its sender: the same message id from another customer is a new message', async () => {
    const alice = await store.resolveCustomer('api', 'alice-dup');
    const bob = await store.resolveCustomer('api', 'bob-dup');
    const aliceConv = await store.conversationFor(alice.id, 'api');
    const bobConv = await store.conversationFor(bob.id, 'api');
    const fromAlice = await store.recordInbound({ channel: 'api', userId: 'alice-dup', externalId: 'msg-1' }, aliceConv.id, { role: 'customer', text: 'my address is 1 Main St', channel: 'api' });
    const fromBob = await store.recordInbound({ channel: 'api', userId: 'bob-dup', externalId: 'msg-1' }, bobConv.id, { role: 'customer', text: 'hello', channel: 'api' });
    expect(fromAlice).toBeDefined();
    expect(fromBob).toBeDefined();
    expect(fromBob!.conversationId).toBe(bobConv.id);
    expect((await store.priorDelivery({ channel: 'api', userId: 'bob-dup', externalId: 'msg-1' })).inbound?.text).toBe('hello');
    expect(await store.recordInbound({ channel: 'api', userId: 'alice-dup', externalId: 'msg-1' }, aliceConv.id, { role: 'customer', text: 'again', channel: 'api' })).toBeUndefined();
  });

  it('keys deliveries recorded before the upgrade on their sender', async () => {
    const old = await open();
    try {
      // A database of a release before version 7, migrated by the runner of that time.
      await legacyMigrate(old.db, LEGACY_MIGRATIONS.slice(0, 6));
      await old.db.query("insert into customers (id) values ('c1')");
      await old.db.query("insert into identities (channel, external_id, customer_id) values ('sms', '+15550002', 'c1')");
      await old.db.query("insert into conversations (id, customer_id, channel) values ('conv1', 'c1', 'sms')");
      await old.db.query("insert into messages (id, conversation_id, seq, role, text, channel) values ('m1', 'conv1', 1, 'customer', 'hi', 'sms')");
      await old.db.query("insert into inbound_events (channel, external_id, message_id) values ('sms', 'SM-old', 'm1'), ('sms', 'SM-stop', null)");
      const adopted = [1, 2, 3, 4, 5, 6].flatMap((v) => LEGACY_VERSIONS.get(v)!).length;
      expect(await migrate(old.db)).toBe(SCHEMA.flatMap((m) => m.migrations).length - adopted);
      const upgraded = new ConversationStore(old.db);
      expect((await upgraded.priorDelivery({ channel: 'sms', userId: '+15550002', externalId: 'SM-old' })).inbound?.id).toBe('m1');
      expect((await upgraded.priorDelivery({ channel: 'sms', userId: '+15550003', externalId: 'SM-old' })).inbound).toBeUndefined();
      expect(await old.db.query("select user_id from inbound_events where external_id = 'SM-stop'")).toEqual([{ user_id: '' }]);
    } finally {
      await old.cleanup();
    }
  });

  it('starts a visit on a first message and after 30 minutes of silence, not in between nor while a person holds it', async () => {
    const c = await store.resolveCustomer('api', 'user-visit');
    const conv = await store.conversationFor(c.id, 'api');
    const say = (externalId: string) => store.recordInbound({ channel: 'api', userId: 'user-visit', externalId }, conv.id, { role: 'customer', text: 'hi', channel: 'api' });
    const visits = async () => (await env.db.query<{ n: number }>("select count(*)::int as n from analytics_events where kind = 'conversation.started' and conversation_id = $1", [conv.id]))[0]!.n;
    const silence = (minutes: number) => env.db.query(`update conversations set last_customer_at = now() - make_interval(mins => $2) where id = $1`, [conv.id, minutes]);
    await say('v1');
    expect(await visits()).toBe(1);
    await say('v2');
    await silence(29);
    await say('v3');
    expect(await visits()).toBe(1);
    await silence(31);
    await say('v4');
    expect(await visits()).toBe(2);
    expect(await store.transition(conv.id, 'bot', 'queued', 'bot', 'asked-for-human')).toBe(true);
    await silence(31);
    await say('v5');
    expect(await visits()).toBe(2);
  });

  it('appends messages with increasing sequence numbers and reads them back', async () => {
    const c = await store.resolveCustomer('webchat', 'user-seq');
    const conv = await store.conversationFor(c.id, 'webchat');
    const m1 = await store.appendMessage(conv.id, { role: 'customer', text: 'hi', channel: 'webchat' });
    const m2 = await store.appendMessage(conv.id, { role: 'bot', text: '**hello**', channel: 'webchat', entryId: 'e1', confidence: 0.9, suggestions: [{ entryId: 'e2', title: 'T' }], replyTo: m1.id });
    expect([m1.seq, m2.seq]).toEqual([1, 2]);
    const all = await store.transcript(conv.id);
    expect(all.map((m) => m.text)).toEqual(['hi', '**hello**']);
    expect(all[1]).toMatchObject({ entryId: 'e1', confidence: 0.9, suggestions: [{ entryId: 'e2', title: 'T' }] });
    expect((await store.transcript(conv.id, 1)).map((m) => m.id)).toEqual([m2.id]);
  });

  it('keeps one conversation per customer', async () => {
    const c = await store.resolveCustomer('api', 'user-conv');
    const a = await store.conversationFor(c.id, 'api');
    const b = await store.conversationFor(c.id, 'webchat');
    expect(b.id).toBe(a.id);
  });

  it('moves ownership with compare-and-set and records every transition', async () => {
    const c = await store.resolveCustomer('api', 'user-own');
    const conv = await store.conversationFor(c.id, 'api');
    expect(await store.transition(conv.id, 'bot', 'queued', 'bot', 'low-confidence')).toBe(true);
    expect(await store.transition(conv.id, 'bot', 'queued', 'bot', 'again')).toBe(false);
    const claims = await Promise.all([
      store.transition(conv.id, 'queued', 'agent', 'agent-a'),
      store.transition(conv.id, 'queued', 'agent', 'agent-b'),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const history = await store.ownershipHistory(conv.id);
    expect(history.map((h) => `${h.from}>${h.to}`)).toEqual(['bot>queued', 'queued>agent']);
    expect(history[0]).toMatchObject({ actor: 'bot', reason: 'low-confidence' });
  });

  it('stores handoff packets', async () => {
    const c = await store.resolveCustomer('api', 'user-ho');
    const conv = await store.conversationFor(c.id, 'api');
    await store.saveHandoff(conv.id, 'asked-for-human', { hello: 'world' });
    expect(await store.handoffs(conv.id)).toMatchObject([{ reason: 'asked-for-human', packet: { hello: 'world' } }]);
  });
});
