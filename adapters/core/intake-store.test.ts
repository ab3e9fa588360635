import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres } from '../../app/test-support.ts';
import { migrate, type Database } from '../../bot/index.ts';
import { IntakeStore } from './intake-store.ts';
import { OutboxStore } from './outbox-store.ts';

const row = (userId: string, externalId: string | undefined, n: number) => ({ lane: `sms:${userId}`, channel: 'sms', userId, externalId, item: { n } });

/** The same behaviour on the embedded database and on a PostgreSQL server. */
const targets: Array<{ name: string; open(): Promise<{ db: Database; cleanup(): Promise<void> }> }> = [
  { name: 'PGlite', open: freshPglite },
  { name: 'PostgreSQL', open: freshPostgres },
];

for (const target of targets) {
  describe(`IntakeStore on ${target.name}`, () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await target.open());
      await migrate(db);
    });
    afterAll(async () => cleanup?.());

    it('stores a delivery once, and skips one answered before the table existed', async () => {
      const store = new IntakeStore(db);
      await db.query("insert into inbound_events (channel, user_id, external_id, answered_at) values ('sms', 'old', 'SM-old', now())");
      const ids = await store.accept([row('u1', 'SM-1', 1), row('u1', 'SM-1', 1), row('old', 'SM-old', 0), row('u1', undefined, 2)]);
      expect(ids).toHaveLength(2);
      expect(await store.accept([row('u1', 'SM-1', 1)])).toEqual([]);
      expect(await store.state('sms', 'u1', 'SM-1')).toBe('open');
      expect(await store.state('sms', 'old', 'SM-old')).toBeUndefined();
    });

    it('gives each row of one statement its own id, or none when its delivery was stored before or by an earlier row', async () => {
      const store = new IntakeStore(db);
      const [before] = await store.accept([row('e1', 'E-0', 0)]);
      // Ids with a NUL and a lone surrogate are stored in their storable form, and still matched.
      const rows = [row('e1', 'E-1', 1), row('e2', 'E-1', 2), row('e1', 'E-0', 3), row('e1', 'E-1', 4), row('e3\u0000', 'E-\ud800', 5)];
      const ids = await store.acceptEach(rows, 'worker-a');
      expect(ids.map((id) => id === undefined)).toEqual([false, false, true, true, false]);
      expect(new Set(ids).size).toBe(4);
      expect(ids.every((id) => id === undefined || id > before!)).toBe(true);
      const stored = await db.query<{ id: string | number; user_id: string; claimed_by: string; item: { n: number } }>("select id, user_id, claimed_by, item from intake_work where user_id like 'e%' and external_id like 'E-%' and claimed_by is not null order by id");
      expect(stored.map((r) => [Number(r.id), r.item.n, r.claimed_by])).toEqual([[ids[0], 1, 'worker-a'], [ids[1], 2, 'worker-a'], [ids[4], 5, 'worker-a']]);
    });

    it('splits a batch in chunks, in order, and a second split after a crash stores only what is missing', async () => {
      const store = new IntakeStore(db);
      const items = Array.from({ length: 25 }, (_, i) => row(`x${i % 3}`, `X-${i}`, i));
      const [batch] = await store.accept([{ lane: 'batch:x', channel: 'sms', item: { kind: 'batch', rows: items } }]);
      const ids = await store.expand(batch!, items, 10);
      expect(ids).toHaveLength(25);
      const stored = await db.query<{ external_id: string }>("select external_id from intake_work where lane like 'sms:x%' order by id");
      expect(stored.map((r) => r.external_id)).toEqual(items.map((r) => r.externalId));
      // The batch was claimed again after a crash that came before it was marked done.
      expect(await store.expand(batch!, items, 10)).toEqual([]);
      const [count] = await db.query<{ n: string | number }>("select count(*) as n from intake_work where lane like 'sms:x%'");
      expect(Number(count!.n)).toBe(25);
      expect(await db.query("select 1 from intake_work where id = $1 and done_at is not null", [batch])).toHaveLength(1);
    });

    it('marks several items done in one statement, and only those', async () => {
      const store = new IntakeStore(db);
      const ids = await store.accept([row('all-d', 'AD-1', 1), row('all-e', 'AE-1', 1), row('all-f', 'AF-1', 1)], 'w1');
      await store.failed(ids[0]!, 'a first attempt failed');
      await store.completeAll([ids[0]!, ids[2]!]);
      expect([await store.state('sms', 'all-d', 'AD-1'), await store.state('sms', 'all-e', 'AE-1'), await store.state('sms', 'all-f', 'AF-1')]).toEqual(['done', 'open', 'done']);
      const errors = await db.query<{ error: string | null }>('select error from intake_work where id = $1', [ids[0]]);
      expect(errors[0]!.error).toBeNull();
      await store.completeAll([]);
      await store.complete(ids[1]!);
    });

    it('claims only the oldest open item of each lane, never one claimed by a live worker', async () => {
      const store = new IntakeStore(db);
      await store.accept([row('a', 'A-1', 1), row('a', 'A-2', 2), row('b', 'B-1', 1)]);
      const first = await store.claim('w1', 30, 50);
      const lanes = first.map((w) => w.lane);
      // One per lane: u1's and a's and b's heads.
      expect(new Set(lanes).size).toBe(lanes.length);
      expect(first.find((w) => w.lane === 'sms:a')?.item).toEqual({ n: 1 });
      expect(await store.claim('w2', 30, 50)).toEqual([]);
      const a1 = first.find((w) => w.lane === 'sms:a')!;
      await store.complete(a1.id);
      const next = await store.claim('w2', 30, 50);
      expect(next.map((w) => w.item)).toEqual([{ n: 2 }]);
    });

    it('hands a claim whose lease ran out to another worker, and a renewed one to nobody', async () => {
      const store = new IntakeStore(db);
      const [id] = await store.accept([row('c', 'C-1', 1)]);
      const [mine] = (await store.claim('w1', 30, 50)).filter((w) => w.id === id);
      expect(mine).toBeDefined();
      await db.query("update intake_work set claimed_at = now() - interval '10 seconds' where id = $1", [id]);
      await store.renew('w1', [id!]);
      expect((await store.claim('w2', 5, 50)).some((w) => w.id === id)).toBe(false);
      await db.query("update intake_work set claimed_at = now() - interval '10 seconds' where id = $1", [id]);
      const taken = (await store.claim('w2', 5, 50)).find((w) => w.id === id);
      expect(taken?.attempts).toBe(2);
    });

    it('queues replies once per key with the work that produced them, in order per lane', async () => {
      const store = new IntakeStore(db);
      const outbox = new OutboxStore(db);
      const [id] = await store.accept([row('d', 'D-1', 1)]);
      const reply = (key: string) => ({ key, lane: 'sms:d', channel: 'sms', userId: 'd', payload: { key } });
      await store.complete(id!, [reply('m-1'), reply('m-2')]);
      await store.complete(id!, [reply('m-1')]);
      const [head] = await outbox.claim('w1', 30, 50);
      expect(head?.key).toBe('m-1');
      expect(await outbox.claim('w2', 30, 50)).toEqual([]);
      await outbox.retryLater(head!.id, 'provider down', 3600);
      // The lane waits for its head: m-2 never overtakes m-1.
      expect(await outbox.claim('w2', 30, 50)).toEqual([]);
      await db.query('update outbox set next_attempt_at = now() where id = $1', [head!.id]);
      const [again] = await outbox.claim('w2', 30, 50);
      expect(again).toMatchObject({ key: 'm-1', attempts: 2 });
      await outbox.sent(again!.id);
      expect((await outbox.claim('w2', 30, 50)).map((s) => s.key)).toEqual(['m-2']);
      expect(await outbox.state('m-1')).toEqual({ status: 'sent', attempts: 2 });
    });

    it('deletes finished items past their retention, never open ones, and still skips a late retry of an answered one', async () => {
      const store = new IntakeStore(db);
      const [old, recent, open] = await store.accept([row('e', 'E-1', 1), row('f', 'F-1', 1), row('g', 'G-1', 1)]);
      await store.complete(old!);
      await store.complete(recent!);
      // E-1 was answered (its message stored) eight days ago; F-1 an hour ago; G-1 is still open.
      await db.query("insert into inbound_events (channel, user_id, external_id, answered_at) values ('sms', 'e', 'E-1', now())");
      await db.query("update intake_work set done_at = now() - interval '8 days' where id = $1", [old]);
      await db.query("update intake_work set done_at = now() - interval '1 hour' where id = $1", [recent]);
      await db.query("update intake_work set claimed_at = now() - interval '8 days' where id = $1", [open]);
      expect(await store.cleanup(168, 1)).toBe(1);
      expect(await store.state('sms', 'e', 'E-1')).toBeUndefined();
      expect(await store.state('sms', 'f', 'F-1')).toBe('done');
      expect(await store.state('sms', 'g', 'G-1')).toBe('open');
      expect(await store.cleanup(168)).toBe(0);
      expect(await store.accept([row('e', 'E-1', 1)])).toEqual([]);
    });
  });
}

describe('IntakeStore on PostgreSQL, two workers at once', () => {
  it('never gives one item to two workers', async () => {
    const pg = await freshPostgres();
    try {
      await migrate(pg.db);
      const store = new IntakeStore(pg.db);
      await store.accept(Array.from({ length: 200 }, (_, i) => row(`u${i % 50}`, `E-${i}`, i)));
      const seen = new Map<number, string>();
      const work = async (worker: string) => {
        for (;;) {
          const got = await store.claim(worker, 30, 7);
          if (!got.length && await store.open() === 0) return;
          if (!got.length) await new Promise((resolve) => setTimeout(resolve, 5));
          for (const w of got) {
            expect(seen.has(w.id), `item ${w.id} claimed twice`).toBe(false);
            seen.set(w.id, worker);
            await store.complete(w.id);
          }
        }
      };
      await Promise.all([work('w1'), work('w2'), work('w3')]);
      expect(seen.size).toBe(200);
    } finally {
      await pg.cleanup();
    }
  });
});
