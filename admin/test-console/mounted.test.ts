import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, type FixtureApp } from '../unanswered/test-support.ts';

/** The test console as the app mounts it (createAdmin): the bot's detector, thresholds and the editor's drafts. */
describe('POST /api/admin/test in the running app', () => {
  let f: FixtureApp;
  const test = (body: unknown, cookie?: string) => f.call('POST', '/api/admin/test', { cookie, body });

  beforeAll(async () => {
    f = await fixtureApp({ ANSWER_THRESHOLD: '0.6', CLARIFY_THRESHOLD: '0.3', HANDOFF_KEYWORDS: 'lawyer' });
  });
  afterAll(() => f?.close());

  it('uses the configured thresholds and handoff keywords, as the bot does', async () => {
    const res = await test({ text: 'How do I return an item?' }, f.cookies.analyst);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'live', zone: 'answer', thresholds: { answer: 0.6, clarify: 0.3 } });
    expect(res.body.candidates[0].entryId).toBe('return-an-item');
    const keyword = await test({ text: 'My lawyer will call about my refund' }, f.cookies.editor);
    expect(keyword.body).toMatchObject({ zone: 'handoff', intent: 'keyword' });
    const bot = await f.ask('mounted-1', 'My lawyer will call about my refund');
    expect(bot.handoff).toBe(true);
  });

  it('tries an unpublished draft, and the live bot still does not know it', async () => {
    const entry = { id: 'gift-cards', tags: [], related: [], variants: [{ lang: 'en', question: 'Do you sell gift cards?', alternates: ['Can I buy a gift voucher?'], answer: 'Yes, from 10 EUR.' }] };
    expect((await f.call('POST', '/api/admin/entries', { cookie: f.cookies.editor, body: { entry } })).status).toBe(201);
    const draft = await test({ text: 'Do you sell gift cards?', source: 'draft' }, f.cookies.editor);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ source: 'draft', zone: 'answer', reply: { entryId: 'gift-cards' } });
    const live = await test({ text: 'Do you sell gift cards?' }, f.cookies.editor);
    expect(live.body.candidates.map((c: { entryId: string }) => c.entryId)).not.toContain('gift-cards');
    expect((await f.ask('mounted-2', 'Do you sell gift cards?')).replies[0].entryId).not.toBe('gift-cards');
  });

  it('refuses agents and strangers', async () => {
    expect((await test({ text: 'refund' }, f.cookies.agent)).status).toBe(403);
    expect((await test({ text: 'refund' })).status).toBe(401);
  });
});
