import { categoryName } from '../bot/index.ts';
import { primaryLanguage } from '../shared/index.ts';
import { isFaqEntry, readsTraditional, renderPlainText, type FaqEntry } from '../knowledge/index.ts';
import { inScript, sourceLanguage, TRADITIONAL_CHINESE, traditionalArticle } from './scripts.ts';
import { pathSegment, slugify } from './slugs.ts';

/** One entry in one language, as the help center publishes it. */
export interface Article {
  entryId: string;
  lang: string;
  /** The category's id (the entry's category, "general" without one). */
  category: string;
  slug: string;
  /** Site-relative URL: /help/{lang}/{category slug}/{slug}, segments percent-encoded. */
  path: string;
  question: string;
  /** Markdown, as the editor wrote it. */
  answer: string;
  /** The answer as plain text, for descriptions and structured data. */
  plain: string;
  /** Follow-up entries the editor linked, that exist in this language. */
  related: string[];
}

/** A category in one language with its articles, in the knowledge base's order. */
export interface Category {
  id: string;
  slug: string;
  name: string;
  path: string;
  articles: Article[];
}

const DEFAULT_CATEGORY = 'general';

/**
 * The help center's content for one published knowledge-base version and one category order:
 * every published FAQ entry (never a draft, never small talk) per language, with its slug and
 * URL, grouped in categories. Built once per version and looked up per request.
 */
export class HelpSite {
  /** Languages with at least one article, sorted. */
  readonly languages: string[];
  private readonly byLang = new Map<string, Map<string, Article>>();
  private readonly bySlug = new Map<string, Article>();
  private readonly categoryIds: string[];
  private readonly categorySlugs = new Map<string, string>();

  /**
   * @param entries the live knowledge base's entries (drafts and conversation entries are left out here)
   * @param order category ids in the editors' order; categories not in it follow in the knowledge base's order
   */
  constructor(entries: FaqEntry[], order: readonly string[], readonly defaultLang: string) {
    const published = entries.filter((e) => e.status === 'published' && isFaqEntry(e));
    const seen = [...new Set(published.map((e) => e.category?.trim() || DEFAULT_CATEGORY))];
    const rank = new Map(order.map((c, i) => [c, i]));
    this.categoryIds = seen.map((c, i) => ({ c, r: rank.get(c) ?? order.length + i })).sort((a, b) => a.r - b.r).map((x) => x.c);
    const usedCategorySlugs = new Set<string>();
    for (const c of this.categoryIds) {
      let s = slugify(c, 'general');
      if (usedCategorySlugs.has(s)) s = `${s}-${usedCategorySlugs.size}`;
      usedCategorySlugs.add(s);
      this.categorySlugs.set(c, s);
    }
    const live = new Set(published.map((e) => e.id));
    for (const e of published) {
      const category = e.category?.trim() || DEFAULT_CATEGORY;
      for (const v of e.variants) {
        if (!v.question.trim()) continue;
        this.add({
          entryId: e.id, lang: v.lang, category, question: v.question, answer: v.answer, plain: renderPlainText(v.answer),
          related: e.related.filter((id) => id !== e.id && live.has(id)),
        });
      }
    }
    // Chinese for readers of Traditional characters, unless editors wrote it themselves.
    const simplified = this.byLang.get('zh');
    if (simplified && !this.byLang.has(TRADITIONAL_CHINESE)) for (const a of simplified.values()) this.add(traditionalArticle(a));
    for (const articles of this.byLang.values()) {
      for (const a of articles.values()) a.related = a.related.filter((id) => articles.has(id));
    }
    this.languages = [...this.byLang.keys()].sort();
  }

  /** An article at its slug (the question's, unique in its language) and path, in its language's site. */
  private add(a: Omit<Article, 'slug' | 'path'>): void {
    let slug = slugify(a.question, slugify(a.entryId));
    // Two questions worded alike in one language: the entry id keeps both URLs apart, stably.
    if (this.bySlug.has(`${a.lang}|${slug}`)) slug = `${slug}-${slugify(a.entryId)}`;
    const article: Article = { ...a, slug, path: `/help/${a.lang}/${pathSegment(this.categorySlugs.get(a.category)!)}/${pathSegment(slug)}` };
    if (!this.byLang.has(a.lang)) this.byLang.set(a.lang, new Map());
    this.byLang.get(a.lang)!.set(a.entryId, article);
    this.bySlug.set(`${a.lang}|${slug}`, article);
  }

  /**
   * The language pages are shown in for an asked one, a site language or any language tag (a
   * page's `data-lang`, a link's `?lang=`): itself with articles; for a tag, Traditional Chinese
   * where it reads Traditional ("zh-TW", "zh-hant") and the site has it, else its language
   * ("pl-PL" → pl); else the default, else any.
   */
  language(asked: string | undefined): string {
    const tag = asked?.trim().replace(/_/g, '-');
    if (tag) {
      if (this.byLang.has(tag)) return tag;
      if (readsTraditional(tag) && this.byLang.has(TRADITIONAL_CHINESE)) return TRADITIONAL_CHINESE;
      const primary = primaryLanguage(tag);
      if (this.byLang.has(primary)) return primary;
    }
    return this.byLang.has(this.defaultLang) ? this.defaultLang : (this.languages[0] ?? this.defaultLang);
  }

  has(lang: string): boolean {
    return this.byLang.has(lang);
  }

  article(lang: string, entryId: string): Article | undefined {
    return this.byLang.get(lang)?.get(entryId);
  }

  /** The article at a slug, or (for links made before a rewording) with that entry id. */
  articleBySlug(lang: string, slug: string): Article | undefined {
    return this.bySlug.get(`${lang}|${slug}`) ?? this.article(lang, slug);
  }

  /** Every article of a language, in the knowledge base's order. */
  articles(lang: string): Article[] {
    return [...(this.byLang.get(lang)?.values() ?? [])];
  }

  /** The same entry in every language that has it, sorted by language. */
  alternates(entryId: string): Article[] {
    return this.languages.map((l) => this.article(l, entryId)).filter((a): a is Article => Boolean(a));
  }

  /** Categories with articles in `lang`, in the editors' order, their names translated. */
  categories(lang: string): Category[] {
    const articles = this.articles(lang);
    return this.categoryIds.map((id) => this.categoryOf(id, lang, articles)).filter((c) => c.articles.length > 0);
  }

  /** A category by its slug in a language, or undefined when it has no articles there. */
  category(lang: string, slug: string): Category | undefined {
    const id = this.categoryIds.find((c) => this.categorySlugs.get(c) === slug);
    const c = id === undefined ? undefined : this.categoryOf(id, lang, this.articles(lang));
    return c?.articles.length ? c : undefined;
  }

  /** Category ids in the order shown (for the editors' settings). */
  categoryOrder(): string[] {
    return [...this.categoryIds];
  }

  private categoryOf(id: string, lang: string, articles: Article[]): Category {
    const slug = this.categorySlugs.get(id)!;
    return { id, slug, name: inScript(lang)(categoryName(id, sourceLanguage(lang))), path: `/help/${lang}/${pathSegment(slug)}`, articles: articles.filter((a) => a.category === id) };
  }
}
