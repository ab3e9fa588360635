import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres } from '../../app/test-support.ts';
import { ConversationStore, migrate, type Database } from '../../bot/index.ts';
import { ChannelStore, PHONE_IDENTITY } from './channel-store.ts';

/** The same behaviour on the embedded database (one statement) and on a PostgreSQL server (a locked transaction). */
const targets: Array<{ name: string; open(): Promise<{ db: Database; cleanup(): Promise<void> }> }> = [
  { name: 'PGlite', open: freshPglite },
  { name: 'PostgreSQL', open: freshPostgres },
];

for (const target of targets) {
  describe(`ChannelStore.ensureIdentity on ${target.name}`, () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    let store: ChannelStore;
    beforeAll(async () => {
      ({ db, cleanup } = await target.open());
      await migrate(db);
      store = new ChannelStore(db);
    });
    afterAll(async () => cleanup?.());

    const identities = async (customerId: string) => (await db.query<{ channel: string; external_id: string }>(
      'select channel, external_id from identities where customer_id = $1 order by channel, external_id', [customerId])).map((r) => `${r.channel}:${r.external_id}`);

    it('creates a customer on first contact, with the address and its number, and finds them again', async () => {
      const id = await store.ensureIdentity('sms', '+15550000001', { phone: '+15550000001', name: 'Ada', linkByPhone: true });
      expect(await identities(id)).toEqual([`${PHONE_IDENTITY}:+15550000001`, 'sms:+15550000001']);
      expect(await db.query('select display_name from customers where id = $1', [id])).toEqual([{ display_name: 'Ada' }]);
      expect(await store.ensureIdentity('sms', '+15550000001', { phone: '+15550000001', linkByPhone: true })).toBe(id);
    });

    it('joins a new address to the customer its number belongs to, and links a known address to its number', async () => {
      const sms = await store.ensureIdentity('sms', '+15550000002', { phone: '+15550000002', linkByPhone: true });
      expect(await store.ensureIdentity('whatsapp', '15550000002', { phone: '+15550000002', linkByPhone: true })).toBe(sms);
      const known = await store.ensureIdentity('messenger', 'psid-3');
      expect(await identities(known)).toEqual(['messenger:psid-3']);
      expect(await store.ensureIdentity('messenger', 'psid-3', { phone: '+15550000003', linkByPhone: true })).toBe(known);
      expect(await identities(known)).toEqual(['messenger:psid-3', `${PHONE_IDENTITY}:+15550000003`]);
      expect(await db.query('select count(*)::int as n from customers where id in ($1, $2)', [sms, known])).toEqual([{ n: 2 }]);
    });

    it('keeps addresses apart without linking, and makes one customer for concurrent first contacts', async () => {
      const a = await store.ensureIdentity('sms', '+15550000004', { phone: '+15550000004', linkByPhone: false });
      const b = await store.ensureIdentity('whatsapp', '15550000004', { phone: '+15550000004', linkByPhone: false });
      expect(b).not.toBe(a);
      const both = await Promise.all([
        store.ensureIdentity('sms', '+15550000005', { phone: '+15550000005', linkByPhone: true }),
        store.ensureIdentity('whatsapp', '15550000005', { phone: '+15550000005', linkByPhone: true }),
      ]);
      expect(both[1]).toBe(both[0]);
      expect(await identities(both[0])).toEqual([`${PHONE_IDENTITY}:+15550000005`, 'sms:+15550000005', 'whatsapp:15550000005']);
    });

    it('gives a customer a channel created without a conversation one, in the bot\'s first turn', async () => {
      const id = await store.ensureIdentity('sms', '+15550000006', { phone: '+15550000006', linkByPhone: true });
      const { customer, conversation } = await new ConversationStore(db).customerConversation('sms', '+15550000006');
      expect(customer.id).toBe(id);
      expect(conversation).toMatchObject({ customerId: id, channel: 'sms', status: 'bot' });
      expect((await new ConversationStore(db).customerConversation('sms', '+15550000006')).conversation.id).toBe(conversation.id);
    });
  });
}
