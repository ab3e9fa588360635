import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeHarness, type KnowledgeHarness } from './test-support.ts';

const newEntry = (id: string) => ({
  id, category: 'gifts', tags: ['gifts', 'wrapping'], related: ['return-an-item'], status: 'published',
  variants: [
    { lang: 'en', question: 'Can you gift-wrap my order?', alternates: ['Do you offer gift wrapping?'], answer: 'Yes, tick **Gift wrap** at checkout.' },
    { lang: 'pl', question: 'Czy możecie zapakować prezent?', alternates: [], answer: 'Tak, zaznacz **Pakowanie na prezent**.' },
  ],
});

describe('knowledge entries API', () => {
  let h: KnowledgeHarness;
  let editor: string;

  beforeAll(async () => {
    h = await knowledgeHarness();
    editor = h.cookies.editor;
  }, 300_000);
  afterAll(() => h?.close());

  describe('GET /api/admin/entries', () => {
    it('lists the drafts seeded from the live version, with languages and tags', async () => {
      const res = await h.call('GET', '/api/admin/entries', { cookie: editor });
      expect(res.status).toBe(200);
      expect(res.body.languages).toEqual(['en', 'pl']);
      expect(res.body.entries.map((e: any) => e.id)).toEqual(['delivery-cost', 'payment-methods', 'refund-timing', 'reset-password', 'return-an-item', 'track-order']);
      expect(res.body.entries.find((e: any) => e.id === 'return-an-item')).toMatchObject({
        question: 'How do I return an item?', langs: ['en', 'pl'], missingLangs: [], fewPhrasings: [], changed: false, live: true, status: 'published', category: 'test',
      });
      expect(res.body.tags).toEqual([]);
      // Below this many ways to ask, a language is listed in an entry's fewPhrasings (each fixture entry has five).
      expect(res.body.enoughPhrasings).toBe(5);
    });

    it('searches questions, alternates and answers in every language, all words, any case', async () => {
      const ids = async (query: string) => (await h.call('GET', `/api/admin/entries?${query}`, { cookie: editor })).body.entries.map((e: any) => e.id);
      expect(await ids('q=PAYPAL')).toEqual(['payment-methods']);
      expect(await ids('q=send%20back')).toEqual(['return-an-item']); // an alternate
      expect(await ids('q=5%20working%20days')).toEqual(['refund-timing']); // the answer
      expect(await ids(`q=${encodeURIComponent('hasła')}`)).toEqual(['reset-password']); // Polish
      expect(await ids('q=paypal%20password')).toEqual([]);
    });

    it('filters by tag, language, status, missing translation and few phrasings', async () => {
      const created = await h.call('POST', '/api/admin/entries', { cookie: editor, body: { entry: { ...newEntry('only-english'), status: 'draft', tags: ['new'], variants: [newEntry('x').variants[0]] } } });
      expect(created.status).toBe(201);
      const ids = async (query: string) => (await h.call('GET', `/api/admin/entries?${query}`, { cookie: editor })).body.entries.map((e: any) => e.id);
      expect(await ids('tag=new')).toEqual(['only-english']);
      expect(await ids('status=draft')).toEqual(['only-english']);
      expect(await ids('missing=pl')).toEqual(['only-english']);
      expect(await ids('missing=any')).toEqual(['only-english']);
      expect((await ids('lang=pl'))).not.toContain('only-english');
      // Its English has a question and one alternate: two ways to ask.
      expect(await ids('few=en')).toEqual(['only-english']);
      expect(await ids('few=any')).toEqual(['only-english']);
      expect(await ids('few=pl')).toEqual([]);
      const list = await h.call('GET', '/api/admin/entries?tag=new', { cookie: editor });
      expect(list.body.entries[0]).toMatchObject({ missingLangs: ['pl'], fewPhrasings: ['en'], changed: true, live: false, updatedBy: expect.stringContaining('editor') });
      expect(list.body.tags).toContain('new');
    });

    it('refuses malformed filters with 400', async () => {
      for (const query of ['status=live', 'lang=English', 'missing=%3Cscript%3E', 'few=English', 'sort=id', 'q=a&q=b']) {
        const res = await h.call('GET', `/api/admin/entries?${query}`, { cookie: editor });
        expect(res.status, query).toBe(400);
        expect(res.body).toMatchObject({ error: 'bad_request', message: expect.any(String) });
      }
    });
  });

  describe('one entry', () => {
    it('creates (201), reads with its revision, and refuses a taken id (409)', async () => {
      const res = await h.call('POST', '/api/admin/entries', { cookie: editor, body: { entry: newEntry('gift-wrap') } });
      expect(res).toMatchObject({ status: 201, body: { entry: newEntry('gift-wrap'), revision: 1 } });
      const got = await h.call('GET', '/api/admin/entries/gift-wrap', { cookie: editor });
      expect(got.body).toMatchObject({ entry: newEntry('gift-wrap'), revision: 1, changed: true, updatedBy: expect.stringContaining('@example.test') });
      expect(got.body.live).toBeUndefined();
      expect(Date.parse(got.body.updatedAt)).not.toBeNaN();
      const again = await h.call('POST', '/api/admin/entries', { cookie: editor, body: { entry: newEntry('gift-wrap') } });
      expect(again).toMatchObject({ status: 409, body: { error: 'exists' } });
    });

    it('shows the live version beside the draft', async () => {
      const got = await h.call('GET', '/api/admin/entries/track-order', { cookie: editor });
      expect(got.body).toMatchObject({ changed: false, revision: 1, updatedBy: null });
      expect(got.body.live).toEqual(got.body.entry);
    });

    it('refuses invalid entries with 400 and the issues, naming the field', async () => {
      const bad = { ...newEntry('bad-one'), variants: [{ lang: 'en', question: '', alternates: [], answer: 'x' }] };
      const res = await h.call('POST', '/api/admin/entries', { cookie: editor, body: { entry: bad } });
      expect(res).toMatchObject({ status: 400, body: { error: 'bad_request' } });
      expect(res.body.details).toContainEqual({ path: 'entry.variants.0.question', message: 'question is empty' });
      expect((await h.call('POST', '/api/admin/entries', { cookie: editor, body: { entry: { ...newEntry('Bad Id') } } })).status).toBe(400);
      expect((await h.call('POST', '/api/admin/entries', { cookie: editor, body: { nope: true } })).status).toBe(400);
      expect((await h.call('POST', '/api/admin/entries', { cookie: editor, body: [] })).status).toBe(400);
      expect((await h.call('POST', '/api/admin/entries', { cookie: editor, body: '{"entry": ', headers: { 'content-type': 'application/json' } })).status).toBe(400);
      expect((await h.call('GET', '/api/admin/entries/bad-one', { cookie: editor })).status).toBe(404);
    });

    it('updates with the current revision; a stale one gets 409 with the current revision', async () => {
      const changed = { ...newEntry('gift-wrap'), tags: ['gifts'] };
      const ok = await h.call('PUT', '/api/admin/entries/gift-wrap', { cookie: editor, body: { entry: changed, revision: 1 } });
      expect(ok).toMatchObject({ status: 200, body: { revision: 2, entry: { tags: ['gifts'] } } });
      const stale = await h.call('PUT', '/api/admin/entries/gift-wrap', { cookie: h.cookies.admin, body: { entry: newEntry('gift-wrap'), revision: 1 } });
      expect(stale).toMatchObject({ status: 409, body: { error: 'stale_revision', revision: 2 } });
      const renamed = await h.call('PUT', '/api/admin/entries/gift-wrap', { cookie: editor, body: { entry: newEntry('other-id'), revision: 2 } });
      expect(renamed.status).toBe(400);
      expect((await h.call('PUT', '/api/admin/entries/gift-wrap', { cookie: editor, body: { entry: changed } })).status).toBe(400);
      expect((await h.call('PUT', '/api/admin/entries/gift-wrap', { cookie: editor, body: { entry: changed, revision: 'two' } })).status).toBe(400);
      expect((await h.call('PUT', '/api/admin/entries/no-such', { cookie: editor, body: { entry: newEntry('no-such'), revision: 1 } })).status).toBe(404);
    });

    it('deletes with ?revision= (409 when stale, 400 without it, 404 when unknown)', async () => {
      await h.call('POST', '/api/admin/entries', { cookie: editor, body: { entry: newEntry('to-delete') } });
      expect((await h.call('DELETE', '/api/admin/entries/to-delete', { cookie: editor })).status).toBe(400);
      expect((await h.call('DELETE', '/api/admin/entries/to-delete?revision=7', { cookie: editor })).status).toBe(409);
      expect((await h.call('DELETE', '/api/admin/entries/to-delete?revision=1', { cookie: editor })).body).toEqual({ ok: true });
      expect((await h.call('GET', '/api/admin/entries/to-delete', { cookie: editor })).status).toBe(404);
      expect((await h.call('DELETE', '/api/admin/entries/to-delete?revision=2', { cookie: editor })).status).toBe(404);
      expect((await h.call('DELETE', '/api/admin/entries/to-delete?revision=2', { cookie: editor, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    });

    it('refuses non-JSON and cross-site writes', async () => {
      const form = await h.call('POST', '/api/admin/entries', { cookie: editor, body: 'entry=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(form.status).toBe(415);
      const cross = await h.call('POST', '/api/admin/entries', { cookie: editor, body: { entry: newEntry('cross') }, headers: { origin: 'https://evil.example' } });
      expect(cross.status).toBe(403);
      expect((await h.call('GET', '/api/admin/entries/cross', { cookie: editor })).status).toBe(404);
    });
  });

  describe('preview, changes and audit', () => {
    it('renders Markdown exactly as the web chat does, with scripts and handlers removed', async () => {
      const res = await h.call('POST', '/api/admin/preview', { cookie: editor, body: { markdown: '**Hi** <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))' } });
      expect(res.status).toBe(200);
      expect(res.body.html).toContain('<strong>Hi</strong>');
      expect(res.body.html).not.toMatch(/<script|onerror=|<img|javascript:/i);
      expect((await h.call('POST', '/api/admin/preview', { cookie: editor, body: { markdown: 'x'.repeat(20_001) } })).status).toBe(400);
      expect((await h.call('POST', '/api/admin/preview', { cookie: editor, body: {} })).status).toBe(400);
    });

    it('lists what the drafts add, change and remove against the live version', async () => {
      const current = (await h.call('GET', '/api/admin/entries/delivery-cost', { cookie: editor })).body;
      const edited = { ...current.entry, tags: ['shipping'] };
      expect((await h.call('PUT', '/api/admin/entries/delivery-cost', { cookie: editor, body: { entry: edited, revision: current.revision } })).status).toBe(200);
      const pm = (await h.call('GET', '/api/admin/entries/payment-methods', { cookie: editor })).body;
      expect((await h.call('DELETE', `/api/admin/entries/payment-methods?revision=${pm.revision}`, { cookie: editor })).status).toBe(200);
      const res = await h.call('GET', '/api/admin/changes', { cookie: editor });
      expect(res.body).toMatchObject({ added: ['gift-wrap', 'only-english'], changed: ['delivery-cost'], removed: ['payment-methods'], liveVersion: 1 });
    });

    it('keeps an audit trail with who, what, when, before and after', async () => {
      const res = await h.call('GET', '/api/admin/audit?entryId=gift-wrap', { cookie: editor });
      expect(res.body.events.map((e: any) => e.action)).toEqual(['entry.update', 'entry.create']);
      expect(res.body.events[0]).toMatchObject({ entityId: 'gift-wrap', actor: { email: expect.stringContaining('editor') }, before: { tags: ['gifts', 'wrapping'] }, after: { tags: ['gifts'] } });
      expect((await h.call('GET', '/api/admin/audit?limit=2', { cookie: editor })).body.events).toHaveLength(2);
      expect((await h.call('GET', '/api/admin/audit?limit=0', { cookie: editor })).status).toBe(400);
    });

    it('answers unknown /api/admin paths with a JSON 404', async () => {
      const res = await h.call('GET', '/api/admin/nothing-here', { cookie: editor });
      expect(res).toMatchObject({ status: 404, body: { error: 'not_found' } });
    });
  });
});
