import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaJson, metaSignature, post, twilioSigned } from '../adapters/test-support.ts';
import { applyRetention, customersPastRetention } from '../admin/privacy/index.ts';
import type { Database } from '../bot/index.ts';
import { CHANNEL_ENV, connectChat, freshPostgres, startChannelsApp } from './test-support.ts';

const ENV = CHANNEL_ENV;
const ADMIN = { email: 'privacy-admin@example.test', password: 'a long admin password' };
/** Customer A, who asks for their data and then its erasure: WhatsApp and SMS from one number. */
const PHONE = '48601000444';
/** Words only A's conversation holds (their messages, the agent's note and reply). */
const A_MARKS = ['Quokka', 'Zbigniew', PHONE];
/** Customer B, whose data must stay. */
const B = { userId: 'privacy-keeps-b', text: 'How do I return an item? Wombat here' };

/**
 * Tables that hold no customer's data, so the scan below skips them: the knowledge base, accounts,
 * migrations, rollups of counts, and the log of privacy requests itself (customer id and counts).
 */
const NOT_PERSONAL = /^(knowledge_|users$|user_sessions$|login_throttle$|module_migrations$|schema_migrations$|help_category_order$|analytics_(daily|monthly|rollup_state)|privacy_requests$)/;

/** Every row of every table that may hold a customer's data, as one JSON text per table. */
async function everyTable(db: Database): Promise<Map<string, string>> {
  const tables = await db.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1");
  const out = new Map<string, string>();
  for (const { table_name: t } of tables) {
    if (NOT_PERSONAL.test(t)) continue;
    out.set(t, JSON.stringify(await db.query(`select * from ${t}`)));
  }
  return out;
}

/** Tables whose rows mention `mark`. */
const mentioning = (tables: Map<string, string>, mark: string) => [...tables].filter(([, rows]) => rows.includes(mark)).map(([t]) => t);

describe.each(['embedded', 'postgres'] as const)('a customer\'s data on request (%s database)', (database) => {
  let running: Awaited<ReturnType<typeof startChannelsApp>>;
  let pg: Awaited<ReturnType<typeof freshPostgres>> | undefined;
  let cookie: string;
  const url = () => running.app.url;
  const db = () => running.app.store.db;
  const now = () => String(Math.floor(Date.now() / 1000));

  const whatsapp = (message: object) => {
    const body = metaJson({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: ENV.WHATSAPP_PHONE_NUMBER_ID },
      contacts: [{ profile: { name: 'Zbigniew' }, wa_id: PHONE }], messages: [{ from: PHONE, timestamp: now(), ...message }],
    } }] }] });
    return post(`${url()}/webhooks/whatsapp`, body, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(ENV.WHATSAPP_APP_SECRET, body) });
  };
  const sms = (sid: string, text: string) => {
    const params = { MessageSid: sid, AccountSid: ENV.TWILIO_ACCOUNT_SID, From: `+${PHONE}`, To: ENV.TWILIO_FROM, Body: text, NumMedia: '0' };
    const { body, signature } = twilioSigned(ENV.TWILIO_AUTH_TOKEN, 'https://bot.example.com/webhooks/twilio', params);
    return post(`${url()}/webhooks/twilio`, body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature });
  };
  const api = async (method: string, path: string, o: { body?: unknown; as?: string } = {}) => {
    const res = await fetch(`${url()}${path}`, {
      method, headers: { cookie: o.as ?? cookie, origin: url(), ...(o.body ? { 'content-type': 'application/json' } : {}) }, body: o.body ? JSON.stringify(o.body) : undefined,
    });
    return { status: res.status, headers: res.headers, body: await res.json().catch(() => undefined) as any };
  };
  const signIn = async (email: string, password: string) => {
    const res = await fetch(`${url()}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url() }, body: JSON.stringify({ email, password }) });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };

  beforeAll(async () => {
    pg = database === 'postgres' ? await freshPostgres() : undefined;
    running = await startChannelsApp(`faqbot-privacy-${database}-`, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...(pg ? { DATABASE_URL: pg.url } : {}) });
    cookie = await signIn(ADMIN.email, ADMIN.password);
    const { app } = running;

    // A asks on WhatsApp, is answered, gives it a 👎 (a verdict, and a question in the inbox)…
    expect((await whatsapp({ id: 'wamid.PRIV-1', type: 'text', text: { body: 'How do I reset my password?' } })).status).toBe(200);
    await app.channels.runtime.idle();
    const [answer] = await db().query<{ provider_id: string }>("select provider_id from channel_deliveries where channel = 'whatsapp' and user_id = $1", [PHONE]);
    expect((await whatsapp({ id: 'wamid.PRIV-2', type: 'reaction', reaction: { message_id: answer!.provider_id, emoji: '👎' } })).status).toBe(200);
    // …then, by SMS from the same number (the same customer), asks for a person.
    expect((await sms(`SM${'7'.repeat(32)}`, 'Zbigniew Quokka here, I want to talk to a person')).status).toBe(200);
    await app.channels.runtime.idle();
    // An agent takes it, notes and replies.
    const [queued] = await db().query<{ id: string }>("select c.id from conversations c join identities i on i.customer_id = c.customer_id where i.external_id = $1 and c.status = 'queued'", [`+${PHONE}`]);
    expect(queued).toBeDefined();
    expect((await api('POST', `/api/admin/conversations/${queued!.id}/claim`, { body: {} })).status).toBe(200);
    expect((await api('POST', `/api/admin/conversations/${queued!.id}/notes`, { body: { text: 'Quokka: parcel arrived damaged' } })).status).toBe(201);
    // …with a return label (a file the agent sent is the customer's data too).
    const label = await fetch(`${url()}/api/admin/conversations/${queued!.id}/files?name=Quokka-return-label.pdf`, { method: 'POST', headers: { cookie, 'content-type': 'application/pdf' }, body: Buffer.from('%PDF-1.4\n%%EOF\n') });
    expect(label.status).toBe(201);
    const { ref } = await label.json() as { ref: string };
    expect((await api('POST', `/api/admin/conversations/${queued!.id}/reply`, { body: { text: 'Sorry Zbigniew, a new one is on its way', attachments: [ref] } })).status).toBe(201);
    expect((await api('POST', `/api/admin/conversations/${queued!.id}/resolve`, { body: {} })).status).toBe(200);

    // B, on the chat API.
    expect((await fetch(`${url()}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(B) })).status).toBe(200);
    await app.channels.runtime.idle();
  }, 300_000);
  afterAll(async () => {
    await running?.close();
    await pg?.cleanup();
  });

  it('finds the customer by their number however it is written, exports everything about them, then erases it all and nobody else\'s', async () => {
    const before = await everyTable(db());
    for (const mark of A_MARKS) expect(mentioning(before, mark).length, mark).toBeGreaterThan(0);

    // One customer behind the WhatsApp and SMS addresses and the number linking them.
    const found = await api('GET', `/api/admin/customers?q=${encodeURIComponent('+48 601 000 444')}`);
    expect(found.status).toBe(200);
    expect(found.body.customers).toHaveLength(1);
    const customer = found.body.customers[0];
    expect(customer.identities.map((i: { channel: string }) => i.channel).sort()).toEqual(['phone', 'sms', 'whatsapp']);
    // One conversation: switching channels keeps the context.
    expect(customer.conversations).toBe(1);
    expect((await api('GET', `/api/admin/customers?q=${PHONE}`)).body.customers.map((c: { id: string }) => c.id)).toEqual([customer.id]);
    // The name WhatsApp gave, in any case.
    expect((await api('GET', '/api/admin/customers?q=zbigniew')).body.customers.map((c: { id: string }) => c.id)).toEqual([customer.id]);
    const b = (await api('GET', `/api/admin/customers?q=${B.userId}`)).body.customers;
    expect(b).toHaveLength(1);

    // The export: every row about A, and nothing of B.
    const exported = await api('GET', `/api/admin/customers/${customer.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="customer-/);
    const text = JSON.stringify(exported.body);
    for (const mark of ['Quokka parcel', 'reset my password', 'Sorry Zbigniew']) expect(text.replace(/: /g, ' ')).toContain(mark);
    expect(Object.keys(exported.body.tables)).toEqual(expect.arrayContaining(['customers', 'identities', 'conversations', 'messages', 'conversation_notes', 'handoffs', 'message_feedback', 'unanswered_questions']));
    expect(text).not.toContain('Wombat');

    // Agents cannot erase (admins only), nor can a signed-out caller.
    const agent = await running.app.admin.users.create({ email: `agent-${database}@example.test`, name: 'Agent', role: 'agent', password: 'an agent password' });
    const agentCookie = await signIn(agent.email, 'an agent password');
    expect((await api('DELETE', `/api/admin/customers/${customer.id}`, { as: agentCookie })).status).toBe(403);
    expect((await api('GET', `/api/admin/customers/${customer.id}/export`, { as: agentCookie })).status).toBe(403);
    expect((await api('DELETE', `/api/admin/customers/${customer.id}`, { as: 'nobody=1' })).status).toBe(401);

    const erased = await api('DELETE', `/api/admin/customers/${customer.id}`);
    expect(erased.status).toBe(200);
    expect(erased.body.rows).toMatchObject({ customers: 1, identities: 3, conversations: 1, agent_files: 1 });
    expect(erased.body.total).toBeGreaterThan(10);

    // Nothing of A in any table; B's conversation whole.
    const after = await everyTable(db());
    for (const mark of [...A_MARKS, customer.id]) expect(mentioning(after, mark), mark).toEqual([]);
    expect(mentioning(after, 'Wombat')).toEqual(mentioning(before, 'Wombat'));
    expect(mentioning(after, b[0].id)).toEqual(mentioning(before, b[0].id));
    expect((await api('GET', `/api/admin/customers/${customer.id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/admin/customers/${customer.id}`)).status).toBe(404);
    expect((await api('GET', `/api/admin/customers?q=${PHONE}`)).body.customers).toEqual([]);
    // The request is on record, without personal data.
    const requests = await db().query<{ action: string; customer_id: string }>('select action, customer_id from privacy_requests order by id');
    expect(requests).toEqual([{ action: 'export', customer_id: customer.id }, { action: 'erase', customer_id: customer.id }]);

    // Writing again, A is a new customer, answered as any.
    expect((await whatsapp({ id: 'wamid.PRIV-3', type: 'text', text: { body: 'How do I reset my password?' } })).status).toBe(200);
    await running.app.channels.runtime.idle();
    const again = (await api('GET', `/api/admin/customers?q=${PHONE}`)).body.customers;
    expect(again).toHaveLength(1);
    expect(again[0].id).not.toBe(customer.id);
    expect(again[0].messages).toBeGreaterThanOrEqual(2);
  });

  it('erases customers silent for longer than the retention period, but none waiting for or with an agent', async () => {
    const chat = (userId: string, text: string) => fetch(`${url()}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text }) });
    for (const userId of ['retention-old', 'retention-recent', 'retention-queued']) expect((await chat(userId, 'How do I reset my password?')).status).toBe(200);
    expect((await chat('retention-queued', 'I want to talk to a person')).status).toBe(200);
    const customerOf = async (userId: string) => (await db().query<{ customer_id: string }>('select customer_id from identities where external_id = $1', [userId]))[0]?.customer_id;
    const [old, recent, queued] = [await customerOf('retention-old'), await customerOf('retention-recent'), await customerOf('retention-queued')];
    // 100 days of silence for two of them (one waits in the queue all along), 10 for the third.
    const age = async (customerId: string, days: number) => {
      const back = `${days} days`;
      await db().query('update customers set created_at = created_at - $2::interval where id = $1', [customerId, back]);
      await db().query('update conversations set created_at = created_at - $2::interval, updated_at = updated_at - $2::interval, last_customer_at = last_customer_at - $2::interval where customer_id = $1', [customerId, back]);
      await db().query('update messages m set created_at = m.created_at - $2::interval from conversations v where v.id = m.conversation_id and v.customer_id = $1', [customerId, back]);
    };
    await age(old!, 100);
    await age(queued!, 100);
    await age(recent!, 10);
    expect(await customersPastRetention(db(), 90)).toContain(old);
    expect(await applyRetention(db(), 90)).toBeGreaterThanOrEqual(1);
    expect(await customerOf('retention-old')).toBeUndefined();
    expect(await customerOf('retention-recent')).toBe(recent);
    expect(await customerOf('retention-queued')).toBe(queued);
    const [logged] = await db().query<{ action: string; actor_id: string | null }>('select action, actor_id from privacy_requests where customer_id = $1', [old]);
    expect(logged).toEqual({ action: 'retention', actor_id: null });
    expect(await applyRetention(db(), 90)).toBe(0);
  });

  it('exports a web chat customer\'s photo as base64 and erases it with the rest', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    const chat = await connectChat(url());
    try {
      chat.send({ type: 'hello', userId: 'privacy-webchat-1' });
      await chat.next((f) => f.type === 'history');
      const up = await fetch(`${url()}/webchat/uploads?userId=privacy-webchat-1&name=receipt.png`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(png) });
      const { ref } = await up.json() as { ref: string };
      chat.send({ type: 'message', clientId: 'p-1', text: 'my receipt', attachments: [ref] });
      await chat.next((f) => f.type === 'message' && f.message.role === 'bot');
    } finally {
      chat.close();
    }
    const [c] = (await api('GET', '/api/admin/customers?q=privacy-webchat-1')).body.customers;
    const exported = (await api('GET', `/api/admin/customers/${c.id}/export`)).body;
    expect(exported.tables.webchat_uploads).toEqual([expect.objectContaining({ name: 'receipt.png', mime: 'image/png', bytes: { base64: png.toString('base64') } })]);
    expect((await api('DELETE', `/api/admin/customers/${c.id}`)).body.rows).toMatchObject({ webchat_uploads: 1 });
    expect(await db().query("select 1 from webchat_uploads where user_id = 'privacy-webchat-1'")).toEqual([]);
  });

  it('takes a customer\'s items out of a stored webhook batch and keeps the others\'', async () => {
    const batch = { kind: 'batch', rows: [
      { lane: 'x', channel: 'whatsapp', userId: '48601000555', externalId: 'wamid.B-1', item: { text: 'Quokka again' } },
      { lane: 'y', channel: 'whatsapp', userId: '48601000666', externalId: 'wamid.B-2', item: { text: 'someone else' } },
    ] };
    await db().query("insert into intake_work (lane, channel, item, done_at) values ('batch:1', 'whatsapp', $1::jsonb, now())", [JSON.stringify(batch)]);
    await db().query("insert into customers (id) values ('cust-batch')");
    await db().query("insert into identities (channel, external_id, customer_id) values ('whatsapp', '48601000555', 'cust-batch')");
    const erased = await api('DELETE', '/api/admin/customers/cust-batch');
    expect(erased.body.rows).toMatchObject({ intake_work: 1, customers: 1 });
    const [row] = await db().query<{ item: { rows: Array<{ userId: string }> } }>("select item from intake_work where lane = 'batch:1'");
    expect(row!.item.rows.map((r) => r.userId)).toEqual(['48601000666']);
  });
});
