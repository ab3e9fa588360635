import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeFolder } from '../../knowledge/index.ts';
import { knowledgeHarness, type KnowledgeHarness } from './test-support.ts';

describe('answer thresholds per language (/api/admin/thresholds)', () => {
  let h: KnowledgeHarness;

  beforeAll(async () => {
    // The sample knowledge base in English and Polish: enough phrasings to choose thresholds on.
    const entries = (await loadKnowledgeFolder('knowledge/sample-kb')).map((e) => ({ ...e, variants: e.variants.filter((v) => v.lang === 'en' || v.lang === 'pl') }));
    h = await knowledgeHarness(entries, { embeddingCache: 'sample' });
  }, 300_000);
  afterAll(() => h?.close());

  it('lists the thresholds chosen at publish, with their curve, for every language', async () => {
    const res = await h.call('GET', '/api/admin/thresholds', { cookie: h.cookies.analyst });
    expect(res.status).toBe(200);
    expect(res.body.languages.map((l: { lang: string }) => l.lang)).toEqual(['en', 'pl']);
    for (const l of res.body.languages) {
      expect(l.effective).toMatchObject({ source: 'publish', answer: l.chosen.answer, clarify: l.chosen.clarify });
      expect(l.chosen.clarify).toBeLessThanOrEqual(l.chosen.answer);
      expect(l.chosen.heldOut).toBeGreaterThan(50);
      expect(l.chosen.curve.length).toBeGreaterThan(5);
      // Where they were chosen, at most the configured share of held-out answers is wrong.
      const at = l.chosen.curve.filter((c: { t: number }) => c.t >= l.chosen.answer);
      for (const c of at) expect(c.wrong).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    // The bot's matcher reports them with each match.
    expect((await h.knowledge.match('where is my parcel', 'en')).thresholds).toMatchObject({ source: 'publish' });
  });

  it('lets an editor override a language, audits it, keeps it across publishes, and resets it', async () => {
    expect((await h.call('PUT', '/api/admin/thresholds/pl', { cookie: h.cookies.analyst, body: { answer: 0.7, clarify: 0.3 } })).status).toBe(403);
    expect((await h.call('PUT', '/api/admin/thresholds/pl', { cookie: h.cookies.editor, body: { answer: 0.3, clarify: 0.7 } })).status).toBe(400);
    expect((await h.call('PUT', '/api/admin/thresholds/xx', { cookie: h.cookies.editor, body: { answer: 0.7, clarify: 0.3 } })).status).toBe(404);

    const set = await h.call('PUT', '/api/admin/thresholds/pl', { cookie: h.cookies.editor, body: { answer: 0.7, clarify: 0.3 } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ lang: 'pl', effective: { answer: 0.7, clarify: 0.3, source: 'operator' }, override: { answer: 0.7, by: expect.stringContaining('editor') } });
    expect((await h.knowledge.match('gdzie jest moja paczka', 'pl')).thresholds).toEqual({ answer: 0.7, clarify: 0.3, source: 'operator' });
    expect((await h.knowledge.match('where is my parcel', 'en')).thresholds?.source).toBe('publish');

    await h.publish(h.cookies.editor, 'republish');
    expect(h.knowledge.thresholds('pl')).toMatchObject({ answer: 0.7, source: 'operator' });
    const audit = (await h.call('GET', '/api/admin/audit?entryId=thresholds:pl', { cookie: h.cookies.editor })).body.events;
    expect(audit).toMatchObject([{ action: 'thresholds.override', after: { answer: 0.7, clarify: 0.3 } }]);

    const reset = await h.call('DELETE', '/api/admin/thresholds/pl', { cookie: h.cookies.editor });
    expect(reset.body.effective.source).toBe('publish');
    expect(reset.body.override).toBeUndefined();
  }, 300_000);
});
