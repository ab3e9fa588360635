import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { recordEvent } from '../analytics/index.ts';
import { silentLogger, type Database, type Logger } from '../bot/index.ts';
import { NotFoundError, readBody, validate } from '../errors/index.ts';
import type { FaqEntry } from '../knowledge/index.ts';
import { CategoryOrder } from './category-order.ts';
import { baseUrl, cookieValue, queryString, READER_COOKIE, sendPage } from './http.ts';
import { PageCache } from './page-cache.ts';
import { articlePage, categoryPage, homePage, notFoundPage, searchPage, type PageContext, type VoteState } from './pages.ts';
import { MAX_QUERY, searchArticles, type MatcherPort, type SearchPolicy } from './search.ts';
import { HelpSite, type Article } from './site.ts';
import { negotiated, sourceLanguage } from './scripts.ts';
import { robotsTxt, sitemapXml } from './sitemap.ts';
import { HelpVotes, MAX_REASON } from './votes.ts';
import { wordsFor } from './words.ts';

/** The help center's static files (page script and style). */
export const HELP_PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

/** The live knowledge base as the help center reads it. */
export interface HelpKnowledgePort extends MatcherPort {
  readonly version: number | undefined;
  entries(): FaqEntry[];
}

export interface HelpCenterOptions {
  knowledge: HelpKnowledgePort;
  /** Votes, the category order and analytics events. */
  db: Database;
  /** Pages in a language without articles, and the catalogue's fallback. */
  defaultLang: string;
  /** The bot's thresholds: search calls a result good where the bot would offer it. */
  policy: SearchPolicy;
  /** Absolute base for canonical URLs, the sitemap and social tags (PUBLIC_URL); default each request's host. */
  publicUrl?: string;
  /** The entries asked most in a language, most first (bot's starterTopics). Default: the knowledge base's order. */
  popular?: (lang: string, n: number) => Promise<Array<{ entryId: string }>>;
  /** How many "most asked questions" the home page shows. Default 6. */
  popularCount?: number;
  /** A submitted search with no good result (for the unanswered inbox). Must not throw. */
  onNoResult?: (search: { text: string; lang: string; suggested?: { entryId: string; title: string; confidence: number } }) => Promise<void>;
  logger?: Logger;
}

const Vote = z.object({
  entryId: z.string().min(1).max(200),
  lang: z.string().min(2).max(16),
  helpful: z.union([z.boolean(), z.enum(['yes', 'no']).transform((v) => v === 'yes')]),
  reason: z.string().max(4 * MAX_REASON).optional(),
});

/** How long the home page's "most asked" list is reused before it is asked again. */
const POPULAR_TTL_MS = 5 * 60_000;

/**
 * The self-service help center under /help: server-rendered pages per language (home, category,
 * article), search on the bot's matcher, "was this helpful?" votes, sitemap.xml and robots.txt.
 * Pages are cached per published knowledge-base version and category order.
 */
export class HelpCenter {
  readonly votes: HelpVotes;
  readonly categoryOrder: CategoryOrder;
  private readonly cache = new PageCache();
  private readonly log: Logger;
  private built?: { key: string; site: HelpSite };
  private readonly popularCache = new Map<string, { at: number; ids: string[] }>();

  constructor(private readonly options: HelpCenterOptions) {
    this.votes = new HelpVotes(options.db);
    this.categoryOrder = new CategoryOrder(options.db);
    this.log = options.logger ?? silentLogger;
  }

  /** The site for the live version and the current category order, and the generation key of both. */
  async site(): Promise<{ site: HelpSite; generation: string }> {
    const order = await this.categoryOrder.current();
    const key = `${this.options.knowledge.version ?? 0}|${order.stamp}`;
    if (this.built?.key !== key) this.built = { key, site: new HelpSite(this.options.knowledge.entries(), order.order, this.options.defaultLang) };
    return { site: this.built.site, generation: key };
  }

  /** The most asked articles in a language (for the home page and the widget), at most `n`. */
  async topArticles(lang: string, n: number): Promise<Article[]> {
    const { site } = await this.site();
    const l = site.language(lang);
    const hit = this.popularCache.get(l);
    let ids = hit && Date.now() - hit.at < POPULAR_TTL_MS ? hit.ids : undefined;
    if (!ids) {
      const asked = this.options.popular ? await this.options.popular(sourceLanguage(l), Math.max(n, this.options.popularCount ?? 6)).catch((err) => {
        this.log.warn('most asked questions unavailable', { error: String(err) });
        return [];
      }) : [];
      ids = [...new Set([...asked.map((a) => a.entryId), ...site.articles(l).map((a) => a.entryId)])];
      this.popularCache.set(l, { at: Date.now(), ids });
    }
    return ids.map((id) => site.article(l, id)).filter((a): a is Article => Boolean(a)).slice(0, n);
  }

  /**
   * The notice a conversation gets when a reader continues from an article to the chat, in the
   * reader's language: the article's title and address, and whether it failed them (and why).
   * Undefined for an entry that is not a published article.
   */
  async chatContextNotice(c: { entryId: string; lang?: string; unhelpful?: boolean; note?: string }): Promise<{ text: string; lang: string } | undefined> {
    const { site } = await this.site();
    const lang = site.language(c.lang);
    const a = site.article(lang, c.entryId) ?? site.alternates(c.entryId)[0];
    if (!a) return undefined;
    const w = wordsFor(a.lang, this.options.defaultLang);
    const url = `${this.options.publicUrl ?? ''}${a.path}`;
    let text = w.raw(c.unhelpful ? 'help.chatContextUnhelpful' : 'help.chatContext', { title: a.question, url });
    // The notice is rendered as Markdown (like every notice): the reader's words must stay plain words.
    const note = c.note?.trim().slice(0, MAX_REASON).replace(/\s+/g, ' ').replace(/[\\`*_{}[\]()#+!<>|~-]/g, '\\$&');
    if (c.unhelpful && note) text += `\n${w.raw('help.chatContextMissing', { reason: note })}`;
    return { text, lang: sourceLanguage(a.lang) };
  }

  /** The routes: /help…, /sitemap.xml and /robots.txt. */
  router(): Router {
    const r = express.Router();
    const page = async (req: Request, res: Response, key: string, build: (c: PageContext) => string | undefined, cacheControl?: string): Promise<boolean> => {
      const { site, generation } = await this.site();
      const lang = String(req.params.lang ?? '');
      const base = baseUrl(req, this.options.publicUrl);
      const c: PageContext = { site, lang, defaultLang: this.options.defaultLang, base };
      const cached = this.cache.get(generation, `${base}|${lang}|${key}`, () => build(c));
      if (!cached) return false;
      sendPage(req, res, cached, 'html', cacheControl);
      return true;
    };
    const notFound = async (req: Request, res: Response) => {
      const { site } = await this.site();
      res.status(404).type('html').send(notFoundPage({ site, lang: site.language(req.params.lang as string | undefined), defaultLang: this.options.defaultLang, base: baseUrl(req, this.options.publicUrl) }));
    };

    r.use('/help/assets', express.static(HELP_PUBLIC_DIR, { index: false, maxAge: '1h' }));

    // The old single page, and a bare /help: the reader's language (Accept-Language) or the default.
    r.get('/help', async (req, res) => {
      const { site } = await this.site();
      const accept = req.headers['accept-language'];
      const asked = queryString(req, 'lang', 16) ?? (accept ? negotiated(accept, req.acceptsLanguages(...site.languages), site.languages) : undefined);
      const lang = site.language(asked || undefined);
      const q = queryString(req, 'q', MAX_QUERY);
      res.set('Vary', 'Accept-Language');
      res.redirect(302, q ? `/help/search?lang=${encodeURIComponent(lang)}&q=${encodeURIComponent(q)}` : `/help/${encodeURIComponent(lang)}`);
    });

    r.get('/help/search.json', async (req, res) => {
      const { site } = await this.site();
      const lang = site.language(queryString(req, 'lang', 16));
      const q = queryString(req, 'q', MAX_QUERY) ?? '';
      const outcome = q ? await searchArticles(this.options.knowledge, site, q, lang, this.options.policy) : { lang, results: [], matched: false };
      res.set('Cache-Control', 'no-store');
      res.json({
        query: q, lang: outcome.lang, matched: outcome.matched,
        results: outcome.results.map((x) => ({ entryId: x.article.entryId, title: x.article.question, path: x.article.path, confidence: Number(x.confidence.toFixed(3)) })),
      });
    });

    r.get('/help/search', async (req, res) => {
      const { site } = await this.site();
      const lang = site.language(queryString(req, 'lang', 16));
      const q = queryString(req, 'q', MAX_QUERY) ?? '';
      const outcome = q ? await searchArticles(this.options.knowledge, site, q, lang, this.options.policy) : undefined;
      if (outcome) {
        // A submitted search is what analytics and the inbox count (live results while typing are not).
        await recordEvent(this.options.db, { kind: 'help.search', lang: sourceLanguage(lang), data: { query: q, results: outcome.results.length, matched: outcome.matched } })
          .catch((err) => this.log.warn('help.search event not recorded', { error: String(err) }));
        if (!outcome.matched && this.options.onNoResult) {
          const top = outcome.results[0];
          await this.options.onNoResult({ text: q, lang: sourceLanguage(lang), suggested: top ? { entryId: top.article.entryId, title: top.article.question, confidence: top.confidence } : undefined });
        }
      }
      res.set('Cache-Control', 'no-store');
      res.type('html').send(searchPage({ site, lang, defaultLang: this.options.defaultLang, base: baseUrl(req, this.options.publicUrl) }, q, outcome));
    });

    const vote = validate({ body: Vote });
    r.post('/help/vote', readBody(express.urlencoded({ extended: false, limit: '16kb' })), vote, async (req, res) => {
      const input = vote.body(req);
      const wantsJson = req.is('application/json') || req.accepts(['html', 'json']) === 'json';
      const { site } = await this.site();
      const article = site.article(input.lang, input.entryId);
      if (!article) throw new NotFoundError('no such article');
      let readerId = cookieValue(req.headers.cookie, READER_COOKIE);
      if (!readerId || !/^[\w-]{8,64}$/.test(readerId)) {
        readerId = randomUUID();
        res.cookie(READER_COOKIE, readerId, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600_000, path: '/help', secure: req.secure });
      }
      const result = await this.votes.vote({ readerId, entryId: article.entryId, lang: sourceLanguage(article.lang), helpful: input.helpful, reason: input.reason });
      if (wantsJson) {
        res.json({ ok: true, status: result, helpful: input.helpful });
        return;
      }
      const state: VoteState = result === 'already' ? 'again' : input.helpful ? 'yes' : 'no';
      res.redirect(303, `${article.path}?voted=${state}#helpful`);
    });

    r.get('/sitemap.xml', async (req, res) => {
      const { site, generation } = await this.site();
      const base = baseUrl(req, this.options.publicUrl);
      sendPage(req, res, this.cache.get(generation, `${base}|sitemap`, () => sitemapXml(site, base))!, 'application/xml');
    });
    r.get('/robots.txt', (req, res) => {
      res.type('text/plain').set('Cache-Control', 'public, max-age=3600').send(robotsTxt(baseUrl(req, this.options.publicUrl)));
    });

    r.get('/help/:lang', async (req, res) => {
      const { site } = await this.site();
      if (!site.has(String(req.params.lang))) return notFound(req, res);
      const lang = String(req.params.lang);
      const popular = await this.topArticles(lang, this.options.popularCount ?? 6);
      const chat = req.query.chat === '1';
      // The most asked list changes with use: part of the key, rebuilt at most every few minutes.
      const key = `home|${popular.map((a) => a.entryId).join(',')}${chat ? '|chat' : ''}`;
      await page(req, res, key, (c) => homePage(c, popular, { chat }));
    });

    r.get('/help/:lang/:category', async (req, res) => {
      const { site } = await this.site();
      if (!site.has(String(req.params.lang))) return notFound(req, res);
      if (!await page(req, res, `category|${req.params.category}`, (c) => categoryPage(c, String(req.params.category)))) await notFound(req, res);
    });

    r.get('/help/:lang/:category/:slug', async (req, res) => {
      const { site } = await this.site();
      const lang = String(req.params.lang);
      const article = site.has(lang) ? site.articleBySlug(lang, String(req.params.slug)) : undefined;
      if (!article) return notFound(req, res);
      const asked = `/help/${encodeURIComponent(lang)}/${encodeURIComponent(String(req.params.category))}/${encodeURIComponent(String(req.params.slug))}`;
      if (asked !== article.path) {
        // An old slug, the entry id, or a moved category: one canonical address.
        const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
        res.redirect(301, article.path + query);
        return;
      }
      const voted = ['yes', 'no', 'again'].includes(String(req.query.voted)) ? req.query.voted as VoteState : undefined;
      const chat = req.query.chat === '1';
      const unhelpful = req.query.unhelpful === '1';
      const variant = `${voted ?? ''}|${chat ? 'chat' : ''}|${unhelpful ? 'u' : ''}`;
      if (!voted && !chat && req.method === 'GET') {
        recordEvent(this.options.db, { kind: 'help.view', entryId: article.entryId, lang: sourceLanguage(lang), data: { path: article.path } })
          .catch((err) => this.log.warn('help.view event not recorded', { error: String(err) }));
      }
      await page(req, res, `article|${article.entryId}|${variant}`, (c) => articlePage(c, article, { vote: voted ?? (unhelpful ? 'no' : undefined), chat }),
        voted ? 'private, no-cache' : undefined);
    });
    return r;
  }
}
