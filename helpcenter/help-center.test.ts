import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnansweredInbox } from '../admin/unanswered/index.ts';
import { readEvents } from '../analytics/index.ts';
import { createHttpApp } from '../app/server.ts';
import { cachedTestEmbeddings, freshPglite, tempDir } from '../app/test-support.ts';
import { CATALOGUES, ConversationStore, migrate, silentLogger } from '../bot/index.ts';
import { KnowledgeBase, type FaqEntry } from '../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../knowledge/test-fixtures.ts';
import { HelpCenter } from './index.ts';

const CATEGORIES: Record<string, string> = {
  'return-an-item': 'returns', 'refund-timing': 'returns', 'track-order': 'delivery', 'delivery-cost': 'delivery', 'payment-methods': 'payments', 'reset-password': 'account',
};
const DRAFT: FaqEntry = {
  id: 'secret-sale', category: 'returns', tags: [], related: [], status: 'draft',
  variants: [{ lang: 'en', question: 'When does the secret winter sale start?', alternates: [], answer: 'The secret sale starts on 1 December.' },
    { lang: 'pl', question: 'Kiedy zaczyna się tajna wyprzedaż?', alternates: [], answer: 'Tajna wyprzedaż zaczyna się 1 grudnia.' }],
};
const SMALL_TALK: FaqEntry = {
  id: 'hello-there', kind: 'conversation', tags: [], related: [], status: 'published',
  variants: [{ lang: 'en', question: 'Hello there', alternates: ['hi'], answer: 'Hello! How can I help?' }],
};

/** Every <script type="application/ld+json"> block of a page, parsed. */
const jsonLd = (html: string) => [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Record<string, any>);

describe('the help center', () => {
  let pg: Awaited<ReturnType<typeof freshPglite>>;
  let kbDir: Awaited<ReturnType<typeof tempDir>>;
  let knowledge: KnowledgeBase;
  let inbox: UnansweredInbox;
  let help: HelpCenter;
  let server: Server;
  let url: string;
  const entries = [...FIXTURE_ENTRIES.map((e) => ({ ...e, category: CATEGORIES[e.id]! })), DRAFT, SMALL_TALK];

  beforeAll(async () => {
    pg = await freshPglite();
    await migrate(pg.db);
    kbDir = await tempDir('faqbot-help-');
    // As the app opens it by default (AUTO_THRESHOLDS off): the bot's configured thresholds apply.
    knowledge = await KnowledgeBase.open({ dir: kbDir.dir, embeddings: await cachedTestEmbeddings(`${kbDir.dir}/emb`), useChosenThresholds: false });
    await knowledge.publish(entries);
    const store = new ConversationStore(pg.db);
    inbox = new UnansweredInbox({ db: pg.db, store, knowledge });
    help = new HelpCenter({
      knowledge, db: pg.db, defaultLang: 'en', publicUrl: 'https://help.example.com',
      policy: { answerThreshold: 0.5, clarifyThreshold: 0.25, knowledgeThresholds: true },
      popular: async () => [{ entryId: 'track-order' }, { entryId: 'secret-sale' }],
      onNoResult: (s) => inbox.recordSearch(s),
    });
    await help.categoryOrder.set(['payments', 'returns']);
    const http = createHttpApp(silentLogger);
    http.app.use(help.router());
    server = http.finish();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 300_000);
  afterAll(async () => {
    server?.close();
    await pg?.cleanup();
    await kbDir?.cleanup();
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, { headers, redirect: 'manual' });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };

  it('serves a home per language: categories in the editors\' order with translated names, then the most asked questions', async () => {
    const pl = await get('/help/pl');
    expect(pl.status).toBe(200);
    expect(pl.body).toContain('<html lang="pl" dir="ltr">');
    // The page script builds elements with the shared helpers, loaded first.
    expect(pl.body.indexOf('<script src="/assets/dom.js" defer>')).toBeGreaterThan(-1);
    expect(pl.body.indexOf('<script src="/assets/dom.js" defer>')).toBeLessThan(pl.body.indexOf('/help/assets/help.js'));
    const cats = [...pl.body.matchAll(/data-category="([^"]+)"/g)].map((m) => m[1]);
    // Ordered first, then the rest in the knowledge base's order.
    expect(cats).toEqual(['payments', 'returns', 'delivery', 'account']);
    expect(pl.body).toContain(CATALOGUES.pl!['category.payments']);
    const popular = pl.body.slice(pl.body.indexOf('data-testid="help-popular"'));
    expect(popular.indexOf('Gdzie jest moje zamówienie?')).toBeGreaterThan(0);
    expect(pl.body).toContain('href="/help/pl/returns/jak-zwrocic-produkt"');
    // A bare /help picks the reader's language.
    const bare = await get('/help', { 'Accept-Language': 'pl-PL,pl;q=0.9,en;q=0.5' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/help/pl');
  });

  it('serves an article at a readable URL with breadcrumbs, related entries, the language switcher and a canonical address', async () => {
    const page = await get('/help/pl/returns/jak-zwrocic-produkt');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1 data-testid="help-article-title">Jak zwrócić produkt?</h1>');
    expect(page.body).toContain('<strong>30 dni</strong>');
    expect(page.body).toContain('<link rel="canonical" href="https://help.example.com/help/pl/returns/jak-zwrocic-produkt">');
    expect(page.body).toContain('<link rel="alternate" hreflang="en" href="https://help.example.com/help/en/returns/how-do-i-return-an-item">');
    expect(page.body).toContain('<link rel="alternate" hreflang="x-default" href="https://help.example.com/help/en/returns/how-do-i-return-an-item">');
    expect(page.body).toMatch(/data-testid="help-lang-en"[^>]*>English</);
    expect(page.body).toMatch(/<a href="\/help\/en\/returns\/how-do-i-return-an-item"[^>]*data-testid="help-lang-en"/);
    expect(page.body).toContain('<a href="/help/pl/returns">Zwroty</a>');
    const related = page.body.slice(page.body.indexOf('data-testid="help-related"'));
    expect(related).toContain('Kiedy otrzymam zwrot pieniędzy?');
    expect(page.body).toContain('<meta property="og:type" content="article">');
    expect(page.body).toContain('<meta property="og:url" content="https://help.example.com/help/pl/returns/jak-zwrocic-produkt">');
    // The entry id, or a slug in another category, lead to the one canonical address.
    const byId = await get('/help/pl/delivery/return-an-item');
    expect(byId.status).toBe(301);
    expect(byId.headers.get('location')).toBe('/help/pl/returns/jak-zwrocic-produkt');
  });

  it('caches pages per published version: the same ETag, 304 on revalidation', async () => {
    const first = await get('/help/en/returns');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await get('/help/en/returns', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
  });

  it('emits JSON-LD that parses: FAQPage on a category page, Article on an article page', async () => {
    const category = jsonLd((await get('/help/en/returns')).body);
    expect(category).toHaveLength(1);
    const faq = category[0]!['@graph'].find((n: any) => n['@type'] === 'FAQPage');
    expect(faq.mainEntity.map((q: any) => q.name)).toEqual(['How do I return an item?', 'When will I get my refund?']);
    expect(faq.mainEntity[0].acceptedAnswer.text).toBe('You can return items within 30 days.');
    const article = jsonLd((await get('/help/en/returns/how-do-i-return-an-item')).body)[0]!['@graph'];
    expect(article.find((n: any) => n['@type'] === 'Article')).toMatchObject({ headline: 'How do I return an item?', inLanguage: 'en', url: 'https://help.example.com/help/en/returns/how-do-i-return-an-item' });
    expect(article.find((n: any) => n['@type'] === 'BreadcrumbList').itemListElement).toHaveLength(3);
  });

  it('searches without JavaScript (an HTML page) on the bot\'s matcher, in the reader\'s language, and counts the search', async () => {
    const page = await get(`/help/search?lang=pl&q=${encodeURIComponent('chcę oddać towar')}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<meta name="robots" content="noindex, follow">');
    expect(page.body).toContain(CATALOGUES.pl!['help.results'].replace('{query}', 'chcę oddać towar'));
    const first = page.body.match(/data-testid="help-results"><li><a href="([^"]+)"/);
    expect(first?.[1]).toBe('/help/pl/returns/jak-zwrocic-produkt');
    const events = await readEvents(pg.db, ['help.search'], new Date(0), new Date(Date.now() + 60_000));
    expect(events.at(-1)).toMatchObject({ kind: 'help.search', lang: 'pl', data: { query: 'chcę oddać towar', matched: true } });
    expect(events.at(-1)!.data.results).toBeGreaterThan(0);
  });

  it('searches as the reader types (the JSON the page script reads), without counting each keystroke', async () => {
    const before = (await readEvents(pg.db, ['help.search'], new Date(0), new Date(Date.now() + 60_000))).length;
    const res = await fetch(`${url}/help/search.json?lang=en&q=${encodeURIComponent('how do I send something back')}`);
    const body = await res.json();
    expect(body).toMatchObject({ lang: 'en', matched: true });
    expect(body.results[0]).toMatchObject({ entryId: 'return-an-item', title: 'How do I return an item?', path: '/help/en/returns/how-do-i-return-an-item' });
    expect((await readEvents(pg.db, ['help.search'], new Date(0), new Date(Date.now() + 60_000))).length).toBe(before);
  });

  it('finds every article that uses a searched word, with or without accents, after the matcher\'s', async () => {
    const search = async (lang: string, q: string) => (await (await fetch(`${url}/help/search.json?lang=${lang}&q=${encodeURIComponent(q)}`)).json()) as { matched: boolean; results: Array<{ entryId: string }> };
    const days = await search('en', 'days');
    expect(days.matched).toBe(true);
    expect(days.results.map((r) => r.entryId).sort()).toEqual(['refund-timing', 'return-an-item']);
    expect((await search('pl', 'dni')).results.map((r) => r.entryId).sort()).toEqual(['refund-timing', 'return-an-item']);
    // Typed without accents, and inflected: "zamowienia" is in "Status zamówienia".
    expect((await search('pl', 'zamowienia')).results.map((r) => r.entryId)).toContain('track-order');
    // Every word must be there: "days" and "password" together are in no article.
    expect((await search('en', 'days password')).results.map((r) => r.entryId)).not.toContain('return-an-item');
  });

  it('says when nothing matches well, offers the chat, and puts the search in the unanswered inbox as from the help center', async () => {
    const q = 'What is the capital of France?';
    const page = await get(`/help/search?lang=en&q=${encodeURIComponent(q)}`);
    expect(page.body).toContain(CATALOGUES.en!['help.noResults'].replace('{query}', q));
    expect(page.body).toContain('data-testid="help-ask-chat"');
    const groups = await inbox.list({ status: 'open', lang: 'en' });
    const group = groups.find((g) => g.text === q);
    expect(group?.questions[0]).toMatchObject({ source: 'help-center', reason: 'clarify' });
    expect(group?.questions[0]?.conversationId).toBeUndefined();
    const events = await readEvents(pg.db, ['help.search'], new Date(0), new Date(Date.now() + 60_000));
    expect(events.at(-1)!.data).toMatchObject({ query: q, matched: false });
  });

  it('records one vote per reader and article, with the reason, and its analytics event in the same write', async () => {
    const vote = (cookie?: string, helpful = 'no') => fetch(`${url}/help/vote`, {
      method: 'POST', redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams({ entryId: 'delivery-cost', lang: 'en', helpful, reason: 'Nothing about express delivery' }).toString(),
    });
    const first = await vote();
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/help/en/delivery/how-much-does-delivery-cost?voted=no#helpful');
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^help_reader=/);
    const second = await vote(cookie, 'yes');
    expect(second.headers.get('location')).toBe('/help/en/delivery/how-much-does-delivery-cost?voted=again#helpful');
    expect(await help.votes.tally('delivery-cost')).toEqual({ helpful: 0, notHelpful: 1 });
    const events = (await readEvents(pg.db, ['help.vote'], new Date(0), new Date(Date.now() + 60_000))).filter((e) => e.entryId === 'delivery-cost');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ lang: 'en', data: { helpful: false, reason: 'Nothing about express delivery' } });
    // The page the form returns to says thanks and offers the chat with the article as context.
    const after = await get('/help/en/delivery/how-much-does-delivery-cost?voted=no');
    expect(after.body).toContain(CATALOGUES.en!['help.thanks']);
    expect(after.body).toMatch(/data-help-chat data-entry-id="delivery-cost" data-unhelpful="true"/);
    // A vote on something that is not a published article is refused.
    const draft = await fetch(`${url}/help/vote`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ entryId: 'secret-sale', lang: 'en', helpful: true }) });
    expect(draft.status).toBe(404);
  });

  it('counts a view of an article', async () => {
    await get('/help/en/account/how-do-i-reset-my-password');
    const views = async () => (await readEvents(pg.db, ['help.view'], new Date(0), new Date(Date.now() + 60_000))).filter((e) => e.entryId === 'reset-password');
    await expect.poll(async () => (await views()).length).toBe(1);
    expect((await views())[0]).toMatchObject({ lang: 'en', data: { path: '/help/en/account/how-do-i-reset-my-password' } });
  });

  it('lists exactly the published articles in the sitemap, each with its alternates, and points robots.txt at it', async () => {
    const xml = (await get('/sitemap.xml')).body;
    const urls = [...xml.matchAll(/<url><loc>([^<]+)<\/loc>([\s\S]*?)<\/url>/g)];
    const { site } = await help.site();
    const expected = FIXTURE_ENTRIES.flatMap((e) => ['en', 'pl'].map((l) => `https://help.example.com${site.article(l, e.id)!.path}`));
    expect(urls.map((u) => u[1]).sort()).toEqual(expected.sort());
    for (const [, , links] of urls) {
      expect([...links!.matchAll(/hreflang="([^"]+)"/g)].map((m) => m[1])).toEqual(['en', 'pl', 'x-default']);
    }
    expect(xml).not.toContain('secret');
    expect(xml).not.toContain('hello-there');
    const robots = (await get('/robots.txt')).body;
    expect(robots).toContain('Sitemap: https://help.example.com/sitemap.xml');
    expect(robots).toContain('Disallow: /admin/');
  });

  it('never shows a draft or small talk: not on a page, in search, in the sitemap or as a top article', async () => {
    const pages = await Promise.all(['/help/en', '/help/pl', '/help/en/returns', '/help/pl/returns', '/help/en/returns/how-do-i-return-an-item'].map((p) => get(p)));
    for (const p of pages) {
      expect(p.body).not.toMatch(/secret|tajna|Hello there/i);
    }
    for (const path of ['/help/en/returns/when-does-the-secret-winter-sale-start', '/help/en/returns/secret-sale', '/help/pl/returns/kiedy-zaczyna-sie-tajna-wyprzedaz', '/help/en/general/hello-there']) {
      expect((await get(path)).status).toBe(404);
    }
    const search = await (await fetch(`${url}/help/search.json?lang=en&q=${encodeURIComponent('When does the secret winter sale start?')}`)).json();
    expect(search.results.map((r: { entryId: string }) => r.entryId)).not.toContain('secret-sale');
    expect((await help.topArticles('en', 10)).map((a) => a.entryId)).not.toContain('secret-sale');
    expect(await help.chatContextNotice({ entryId: 'secret-sale', lang: 'en' })).toBeUndefined();
  });

  it('serves a new published version at once: the cache is per version, so a withdrawn article is gone', async () => {
    const path = '/help/en/payments/which-payment-methods-do-you-accept';
    expect((await get(path)).status).toBe(200);
    expect((await get('/sitemap.xml')).body).toContain(path);
    await knowledge.publish(entries.map((e) => (e.id === 'payment-methods' ? { ...e, status: 'draft' as const } : e)));
    expect((await get(path)).status).toBe(404);
    expect((await get('/sitemap.xml')).body).not.toContain(path);
    expect((await get('/help/en')).body).not.toContain('data-category="payments"');
  }, 300_000);

  it('tells the chat which article a reader comes from, in the reader\'s language, with what was missing', async () => {
    // A page's data-lang may be a regional tag: pl-PL reads Polish.
    expect((await help.chatContextNotice({ entryId: 'return-an-item', lang: 'pl-PL' }))?.lang).toBe('pl');
    const notice = await help.chatContextNotice({ entryId: 'return-an-item', lang: 'pl', unhelpful: true, note: 'Nie ma nic o paczkomatach' });
    expect(notice).toEqual({
      lang: 'pl',
      text: `${CATALOGUES.pl!['help.chatContextUnhelpful'].replace('{title}', 'Jak zwrócić produkt?').replace('{url}', 'https://help.example.com/help/pl/returns/jak-zwrocic-produkt')}\n`
        + CATALOGUES.pl!['help.chatContextMissing'].replace('{reason}', 'Nie ma nic o paczkomatach'),
    });
  });
});
