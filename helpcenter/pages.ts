import { escapeHtml, renderHtml } from '../knowledge/index.ts';
import { renderFrame } from './layout.ts';
import type { SearchOutcome } from './search.ts';
import type { Article, HelpSite } from './site.ts';
import { articleJsonLd, breadcrumbList, faqPage } from './structured-data.ts';
import { wordsFor } from './words.ts';

/** What every page is rendered with. */
export interface PageContext {
  site: HelpSite;
  lang: string;
  defaultLang: string;
  /** Absolute base URL, no trailing slash. */
  base: string;
}

/** The reader's vote on the article shown, when the page comes back from the vote form. */
export type VoteState = 'yes' | 'no' | 'again';

const articleLink = (a: Article) => `<li><a href="${escapeHtml(a.path)}" data-testid="help-article-link" data-entry-id="${escapeHtml(a.entryId)}">${escapeHtml(a.question)}</a></li>`;
const describe = (text: string) => (text.length > 200 ? `${text.slice(0, 197).trimEnd()}…` : text).replace(/\s+/g, ' ');
const frame = (c: PageContext) => ({ lang: c.lang, defaultLang: c.defaultLang, base: c.base, languages: c.site.languages });

/** A language's home: its categories in the editors' order and the most asked questions. */
export function homePage(c: PageContext, popular: Article[], o: { chat?: boolean } = {}): string {
  const w = wordsFor(c.lang, c.defaultLang);
  const categories = c.site.categories(c.lang);
  const main = `<h1>${w.say('help.title')}</h1>
<p class="intro">${w.say('help.intro')}</p>
${popular.length ? `<section class="popular" data-testid="help-popular"><h2>${w.say('help.popular')}</h2><ul class="links">${popular.map(articleLink).join('')}</ul></section>` : ''}
<section class="categories"><h2>${w.say('help.categories')}</h2><ul class="cards" data-testid="help-categories">${categories.map((cat) =>
    `<li class="card"><a href="${escapeHtml(cat.path)}" data-testid="help-category-link" data-category="${escapeHtml(cat.id)}"><strong>${escapeHtml(cat.name)}</strong></a><span class="muted">${cat.articles.length}</span></li>`).join('')}</ul></section>`;
  return renderFrame({
    ...frame(c), path: `/help/${c.lang}`, title: w.raw('help.title'), description: w.raw('help.intro'),
    alternates: c.site.languages.map((l) => ({ lang: l, path: `/help/${l}` })), crumbs: [], ogType: 'website',
    jsonLd: { '@context': 'https://schema.org', '@type': 'WebSite', name: w.raw('help.title'), url: `${c.base}/help/${c.lang}`, inLanguage: c.lang,
      potentialAction: { '@type': 'SearchAction', target: `${c.base}/help/search?lang=${c.lang}&q={query}`, 'query-input': 'required name=query' } },
    main, chat: o.chat ? { open: true } : undefined,
  });
}

/** A category: every question in it, each opening its article. */
export function categoryPage(c: PageContext, slug: string): string | undefined {
  const cat = c.site.category(c.lang, slug);
  if (!cat) return undefined;
  const w = wordsFor(c.lang, c.defaultLang);
  const alternates = c.site.languages.filter((l) => c.site.category(l, slug)).map((l) => ({ lang: l, path: `/help/${l}/${cat.path.split('/').pop()}` }));
  const crumbs = breadcrumbList([{ name: w.raw('help.title'), url: `${c.base}/help/${c.lang}` }, { name: cat.name, url: `${c.base}${cat.path}` }]);
  return renderFrame({
    ...frame(c), path: cat.path, title: cat.name, description: describe(cat.articles.map((a) => a.question).join(' · ')),
    alternates, crumbs: [{ name: cat.name, path: cat.path }], ogType: 'website', jsonLd: faqPage(cat, `${c.base}${cat.path}`, c.lang, crumbs),
    main: `<h1 data-testid="help-category-title">${escapeHtml(cat.name)}</h1><ul class="links" data-testid="help-category-articles">${cat.articles.map(articleLink).join('')}</ul>`,
  });
}

/**
 * An article: the answer (sanitized), related entries, "was this helpful?" (a POST form that works
 * without JavaScript; "no" has an optional "what was missing?"), and "continue in chat".
 */
export function articlePage(c: PageContext, a: Article, o: { vote?: VoteState; chat?: boolean; modified?: Date } = {}): string {
  const w = wordsFor(c.lang, c.defaultLang);
  const cat = c.site.categories(c.lang).find((x) => x.id === a.category)!;
  const related = a.related.map((id) => c.site.article(c.lang, id)).filter((r): r is Article => Boolean(r));
  const url = `${c.base}${a.path}`;
  const crumbs = breadcrumbList([{ name: w.raw('help.title'), url: `${c.base}/help/${c.lang}` }, { name: cat.name, url: `${c.base}${cat.path}` }, { name: a.question, url }]);
  const chatHref = `${a.path}?chat=1${o.vote === 'no' ? '&unhelpful=1' : ''}`;
  const chatLink = (cls: string) => `<a class="${cls}" href="${escapeHtml(chatHref)}" data-help-chat data-entry-id="${escapeHtml(a.entryId)}"${o.vote === 'no' ? ' data-unhelpful="true"' : ''} data-testid="help-continue-chat">${w.say('help.continueChat')}</a>`;
  const feedback = o.vote
    ? `<p role="status" data-testid="help-vote-done">${w.say(o.vote === 'again' ? 'help.alreadyVoted' : 'help.thanks')}</p>${o.vote === 'no' ? `<p>${w.say('help.sorry')}</p><p>${chatLink('button')}</p>` : ''}`
    : `<form method="post" action="/help/vote" class="vote" data-testid="help-vote-form">
<input type="hidden" name="entryId" value="${escapeHtml(a.entryId)}"><input type="hidden" name="lang" value="${escapeHtml(a.lang)}">
<fieldset><legend>${w.say('help.helpfulQuestion')}</legend>
<button type="submit" name="helpful" value="yes" data-testid="help-vote-yes">${w.say('help.yes')}</button>
<button type="submit" name="helpful" value="no" data-testid="help-vote-no">${w.say('help.no')}</button>
<p class="reason"><label for="help-reason">${w.say('help.whatMissing')}</label>
<textarea id="help-reason" name="reason" rows="3" maxlength="500" data-testid="help-vote-reason"></textarea>
<button type="submit" name="helpful" value="no" class="send-reason" data-testid="help-vote-send">${w.say('help.sendFeedback')}</button></p>
</fieldset></form>`;
  const main = `<article data-entry-id="${escapeHtml(a.entryId)}" data-testid="help-article">
<h1 data-testid="help-article-title">${escapeHtml(a.question)}</h1>
<div class="answer" data-testid="help-article-answer">${renderHtml(a.answer)}</div>
</article>
<section id="helpful" class="feedback" aria-label="${w.say('help.helpfulQuestion')}" data-testid="help-feedback">${feedback}</section>
${o.vote === 'no' ? '' : `<p class="chat">${w.say('help.stillNeedHelp')} ${chatLink('')}</p>`}
${related.length ? `<section class="related" data-testid="help-related"><h2>${w.say('help.related')}</h2><ul class="links">${related.map(articleLink).join('')}</ul></section>` : ''}`;
  return renderFrame({
    ...frame(c), path: a.path, title: a.question, description: describe(a.plain),
    alternates: c.site.alternates(a.entryId).map((x) => ({ lang: x.lang, path: x.path })),
    crumbs: [{ name: cat.name, path: cat.path }, { name: a.question, path: a.path }], ogType: 'article',
    jsonLd: articleJsonLd(a, url, { name: w.raw('help.title'), url: `${c.base}/help/${c.lang}` }, crumbs, o.modified),
    main, chat: o.chat ? { open: true, entryId: a.entryId, unhelpful: o.vote === 'no' } : undefined,
  });
}

/** Search results (the no-JavaScript page); nothing good → says so and offers the chat. */
export function searchPage(c: PageContext, query: string, outcome: SearchOutcome | undefined): string {
  const w = wordsFor(c.lang, c.defaultLang);
  let main: string;
  if (!outcome) {
    main = `<h1>${w.say('help.searchLabel')}</h1>`;
  } else if (outcome.matched) {
    main = `<h1 data-testid="help-results-title">${w.say('help.results', { query })}</h1><ul class="links" data-testid="help-results">${outcome.results.map((r) => articleLink(r.article)).join('')}</ul>`;
  } else {
    const weak = outcome.results.length
      ? `<p>${w.say('help.closest')}</p><ul class="links" data-testid="help-results">${outcome.results.map((r) => articleLink(r.article)).join('')}</ul>` : '';
    main = `<h1 data-testid="help-results-title">${w.say('help.noResults', { query })}</h1>
<p data-testid="help-no-result"><a class="button" href="/help/${escapeHtml(c.lang)}?chat=1" data-help-chat data-testid="help-ask-chat">${w.say('help.askChat')}</a></p>${weak}`;
  }
  return renderFrame({
    ...frame(c), path: `/help/search`, title: query ? w.raw('help.results', { query }) : w.raw('help.searchLabel'), description: w.raw('help.intro'),
    alternates: [], crumbs: [{ name: w.raw('help.searchButton'), path: '/help/search' }], ogType: 'website', noindex: true, query, main,
  });
}

/** A page that does not exist (any more), with a way back. */
export function notFoundPage(c: PageContext): string {
  const w = wordsFor(c.lang, c.defaultLang);
  return renderFrame({
    ...frame(c), path: `/help/${c.lang}`, title: w.raw('help.notFound'), description: w.raw('help.intro'), alternates: [], crumbs: [{ name: w.raw('help.notFound'), path: '' }],
    ogType: 'website', noindex: true, main: `<h1>${w.say('help.notFound')}</h1><p><a href="/help/${escapeHtml(c.lang)}">${w.say('help.all')}</a></p>`,
  });
}
