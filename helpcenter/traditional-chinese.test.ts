import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../admin/test-console/test-support.ts';
import { freshPglite } from '../app/test-support.ts';
import { migrate } from '../bot/index.ts';
import { chineseScript, type FaqEntry, type MatchResult } from '../knowledge/index.ts';
import { HelpCenter, HelpSite, searchArticles } from './index.ts';
import { negotiated, TRADITIONAL_CHINESE } from './scripts.ts';

const entry = (id: string, category: string, zh: [string, string], en: [string, string], related: string[] = []): FaqEntry => ({
  id, category, tags: [], related, status: 'published',
  variants: [{ lang: 'zh', question: zh[0], alternates: [], answer: zh[1] }, { lang: 'en', question: en[0], alternates: [], answer: en[1] }],
});
const ENTRIES = [
  entry('return-an-item', 'returns', ['怎么退货？', '在“我的账户 > 订单”中选择商品，点击**退货**。'], ['How do I return an item?', 'Open **My account > Orders**.'], ['refund-timing']),
  entry('refund-timing', 'refunds', ['退款需要多长时间？', '仓库检查后 5 个工作日内退款。'], ['How long does a refund take?', 'Within 5 working days.']),
];

/** The bot's matcher as search sees it: Chinese questions about returns find the return entry. */
const matcher = {
  version: 1,
  entries: () => ENTRIES,
  async match(text: string, lang: string): Promise<MatchResult> {
    const hit = (id: string, confidence: number) => ({ entryId: id, lang, title: id, matchedText: id, score: confidence, confidence, signals: { dense: 0, lexical: confidence, bm25: 0, coverage: 1 } });
    return { lang, candidates: lang === 'zh' && /退[货貨]/.test(text) ? [hit('return-an-item', 0.9), hit('refund-timing', 0.2)] : [] };
  },
};

describe('the help center in Traditional Chinese', () => {
  it('publishes the Chinese articles again under zh-Hant, converted, with their own addresses and category names', () => {
    const site = new HelpSite(ENTRIES, [], 'en');
    expect(site.languages).toEqual(['en', 'zh', TRADITIONAL_CHINESE]);
    const a = site.article(TRADITIONAL_CHINESE, 'return-an-item')!;
    expect(a).toMatchObject({ lang: TRADITIONAL_CHINESE, question: '怎麼退貨？', related: ['refund-timing'] });
    expect(chineseScript(a.answer)).toBe('traditional');
    expect(a.path).toBe(`/help/zh-Hant/returns/${encodeURIComponent('怎麼退貨')}`);
    expect(site.articleBySlug(TRADITIONAL_CHINESE, '怎麼退貨')).toBe(a);
    expect(site.categories(TRADITIONAL_CHINESE).map((c) => c.name)).toEqual(['退貨', '退款']);
    expect(site.categories('zh').map((c) => c.name)).toEqual(['退货', '退款']);
    // Editors who write zh-Hant themselves keep theirs.
    const own = new HelpSite([{ ...ENTRIES[0]!, variants: [...ENTRIES[0]!.variants, { lang: TRADITIONAL_CHINESE, question: '如何辦理退貨？', alternates: [], answer: '請到訂單頁。' }] }], [], 'en');
    expect(own.article(TRADITIONAL_CHINESE, 'return-an-item')!.question).toBe('如何辦理退貨？');
  });

  it('sends readers of zh-TW, zh-HK and zh-Hant to it, and zh-CN readers to Simplified', () => {
    const languages = ['en', 'zh', TRADITIONAL_CHINESE];
    expect(negotiated('zh-TW,zh;q=0.9,en;q=0.5', 'zh', languages)).toBe(TRADITIONAL_CHINESE);
    expect(negotiated('zh-HK', 'zh', languages)).toBe(TRADITIONAL_CHINESE);
    expect(negotiated('zh-Hant-TW', 'zh', languages)).toBe(TRADITIONAL_CHINESE);
    expect(negotiated('zh-CN,zh-TW;q=0.5', 'zh', languages)).toBe('zh');
    expect(negotiated('zh-TW', 'zh', ['en', 'zh'])).toBe('zh');
    expect(negotiated('en-US', 'en', languages)).toBe('en');
  });

  it('reads a language tag as the site language it names: zh-TW and zh-hant as Traditional, EN-gb as English', () => {
    const site = new HelpSite(ENTRIES, [], 'en');
    expect(site.language('zh-TW')).toBe(TRADITIONAL_CHINESE);
    expect(site.language('zh-hant')).toBe(TRADITIONAL_CHINESE);
    expect(site.language('zh_HK')).toBe(TRADITIONAL_CHINESE);
    expect(site.language('zh-CN')).toBe('zh');
    expect(site.language('EN-gb')).toBe('en');
    // A language the site lacks, and nonsense: the default.
    expect(site.language('pl-PL')).toBe('en');
    expect(site.language('<script>')).toBe('en');
    expect(site.language(undefined)).toBe('en');
    // A site without Chinese: the default.
    expect(new HelpSite(ENTRIES.map((e) => ({ ...e, variants: e.variants.filter((v) => v.lang !== 'zh') })), [], 'en').language('zh-TW')).toBe('en');
  });

  it('searches in Traditional on the Simplified matcher and links the Traditional articles', async () => {
    const site = new HelpSite(ENTRIES, [], 'en');
    const outcome = await searchArticles(matcher, site, '怎麼退貨', TRADITIONAL_CHINESE, { answerThreshold: 0.5, clarifyThreshold: 0.25 });
    expect(outcome.lang).toBe(TRADITIONAL_CHINESE);
    expect(outcome.matched).toBe(true);
    expect(outcome.results[0]!.article).toBe(site.article(TRADITIONAL_CHINESE, 'return-an-item'));
  });

  describe('over HTTP', () => {
    let pg: Awaited<ReturnType<typeof freshPglite>>;
    let served: Awaited<ReturnType<typeof serve>>;
    let url: string;
    beforeAll(async () => {
      pg = await freshPglite();
      await migrate(pg.db);
      const help = new HelpCenter({ knowledge: matcher, db: pg.db, defaultLang: 'en', policy: { answerThreshold: 0.5, clarifyThreshold: 0.25 } });
      served = await serve(help.router());
      url = served.url;
    });
    afterAll(async () => {
      await served?.close();
      await pg?.cleanup();
    });

    it('redirects by Accept-Language, and frames the pages in Traditional: words, language, locale, switcher', async () => {
      const to = async (accept: string) => (await fetch(`${url}/help`, { headers: { 'accept-language': accept }, redirect: 'manual' })).headers.get('location');
      expect(await to('zh-TW,zh;q=0.9')).toBe('/help/zh-Hant');
      expect(await to('zh-CN,zh;q=0.9')).toBe('/help/zh');
      const html = await (await fetch(`${url}/help/zh-Hant`)).text();
      expect(html).toContain('<html lang="zh-Hant" dir="ltr">');
      expect(html).toContain('<title>幫助中心</title>');
      expect(html).toContain('<meta property="og:locale" content="zh_TW">');
      expect(html).toContain('hreflang="zh-Hant" href="');
      expect(html).toMatch(/data-testid="help-lang-zh-Hant" aria-current="true">繁體中文</);
      expect(html).toContain('data-lang="zh-Hant"');
      expect(chineseScript(html.replace(/<[^>]+>/g, ' '))).toBe('traditional');
      const article = await fetch(`${url}/help/zh-Hant/returns/${encodeURIComponent('怎麼退貨')}`);
      expect(article.status).toBe(200);
      expect(await article.text()).toContain('<strong>退貨</strong>');
    });

    it('counts votes on a Traditional article under the knowledge base\'s Chinese', async () => {
      const res = await fetch(`${url}/help/vote`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ entryId: 'return-an-item', lang: TRADITIONAL_CHINESE, helpful: true }) });
      expect(res.status).toBe(200);
      expect(await pg.db.query('select entry_id, lang from help_votes')).toEqual([{ entry_id: 'return-an-item', lang: 'zh' }]);
    });
  });
});
