import { textDirection } from '../bot/index.ts';
import { escapeHtml } from '../knowledge/index.ts';
import { jsonLdScript, type JsonLd } from './structured-data.ts';
import { languageName, ogLocale, wordsFor } from './words.ts';

/** Everything the frame around a page's content needs. */
export interface FrameInput {
  lang: string;
  /** The server's default language (catalogue fallback, x-default alternate). */
  defaultLang: string;
  /** Absolute base URL (PUBLIC_URL or the request's origin), no trailing slash. */
  base: string;
  /** This page's canonical, site-relative path. */
  path: string;
  title: string;
  description: string;
  /** The same page in each language that has it (including this one); none for pages not to index. */
  alternates: Array<{ lang: string; path: string }>;
  /** Every language the site has, for the switcher (a language without this page links to its home). */
  languages: string[];
  /** Breadcrumbs after the help center's home (the last one is this page). */
  crumbs: Array<{ name: string; path: string }>;
  jsonLd?: JsonLd;
  ogType: 'website' | 'article';
  /** Keep search engines off (search results, not-found pages). */
  noindex?: boolean;
  query?: string;
  /** The page's main content, already safe HTML. */
  main: string;
  /** Open the chat right away, with an article as context (the "continue in chat" link without the page script). */
  chat?: { open: boolean; entryId?: string; unhelpful?: boolean };
}

/**
 * The help center's page frame: head (canonical, hreflang alternates, Open Graph, JSON-LD),
 * header with the language switcher, breadcrumbs, the search form (a plain GET form; the page
 * script adds results as the reader types), the content, and the chat widget. Right to left for
 * Arabic and other RTL languages. Works without JavaScript.
 */
export function renderFrame(f: FrameInput): string {
  const w = wordsFor(f.lang, f.defaultLang);
  const abs = (p: string) => `${f.base}${p}`;
  const homePath = `/help/${f.lang}`;
  const here = new Map(f.alternates.map((a) => [a.lang, a.path]));
  const xDefault = here.get(f.defaultLang) ?? f.alternates[0]?.path;
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${f.title === w.raw('help.title') ? w.say('help.title') : `${escapeHtml(f.title)} · ${w.say('help.title')}`}</title>`,
    `<meta name="description" content="${escapeHtml(f.description)}">`,
    f.noindex ? '<meta name="robots" content="noindex, follow">' : `<link rel="canonical" href="${escapeHtml(abs(f.path))}">`,
    ...(f.noindex ? [] : f.alternates.map((a) => `<link rel="alternate" hreflang="${escapeHtml(a.lang)}" href="${escapeHtml(abs(a.path))}">`)),
    ...(!f.noindex && xDefault ? [`<link rel="alternate" hreflang="x-default" href="${escapeHtml(abs(xDefault))}">`] : []),
    `<meta property="og:type" content="${f.ogType}">`,
    `<meta property="og:title" content="${escapeHtml(f.title)}">`,
    `<meta property="og:description" content="${escapeHtml(f.description)}">`,
    `<meta property="og:url" content="${escapeHtml(abs(f.path))}">`,
    `<meta property="og:site_name" content="${w.say('help.title')}">`,
    `<meta property="og:locale" content="${escapeHtml(ogLocale(f.lang))}">`,
    ...f.alternates.filter((a) => a.lang !== f.lang).map((a) => `<meta property="og:locale:alternate" content="${escapeHtml(ogLocale(a.lang))}">`),
    '<meta name="twitter:card" content="summary">',
    '<link rel="stylesheet" href="/help/assets/help.css">',
    f.jsonLd ? jsonLdScript(f.jsonLd) : '',
  ].filter(Boolean).join('\n');

  const switcher = f.languages.map((l) => {
    const href = here.get(l) ?? `/help/${l}`;
    const current = l === f.lang ? ' aria-current="true"' : '';
    return `<li><a href="${escapeHtml(href)}" hreflang="${escapeHtml(l)}" lang="${escapeHtml(l)}" data-testid="help-lang-${escapeHtml(l)}"${current}>${escapeHtml(languageName(l))}</a></li>`;
  }).join('');
  const crumbs = [{ name: w.raw('help.title'), path: homePath }, ...f.crumbs];
  // The home page is the root: no trail to show there.
  const breadcrumbs = !f.crumbs.length ? '' : `<nav class="crumbs" aria-label="${w.say('help.breadcrumbs')}"><ol>${crumbs.map((c, i) => i === crumbs.length - 1
    ? `<li><span aria-current="page">${escapeHtml(c.name)}</span></li>`
    : `<li><a href="${escapeHtml(c.path)}">${escapeHtml(c.name)}</a></li>`).join('')}</ol></nav>`;
  const chatAttrs = f.chat?.open
    ? ` data-open="true"${f.chat.entryId ? ` data-context-entry="${escapeHtml(f.chat.entryId)}"` : ''}${f.chat.unhelpful ? ' data-context-unhelpful="true"' : ''}`
    : '';

  return `<!doctype html>
<html lang="${escapeHtml(f.lang)}" dir="${textDirection(f.lang)}">
<head>
${head}
</head>
<body>
<header class="top">
<a class="brand" href="${escapeHtml(homePath)}" data-testid="help-home-link">${w.say('help.title')}</a>
<nav class="langs" aria-label="${w.say('help.languages')}"><ul>${switcher}</ul></nav>
</header>
${breadcrumbs}
<form class="search" role="search" method="get" action="/help/search" data-testid="help-search-form">
<input type="hidden" name="lang" value="${escapeHtml(f.lang)}">
<label class="sr" for="help-q">${w.say('help.searchLabel')}</label>
<input id="help-q" type="search" name="q" value="${escapeHtml(f.query ?? '')}" placeholder="${w.say('help.searchPlaceholder')}" autocomplete="off" maxlength="200" data-testid="help-search-input" aria-controls="help-live" aria-autocomplete="list">
<button type="submit" data-testid="help-search-button">${w.say('help.searchButton')}</button>
<div id="help-live" class="live" role="region" aria-live="polite" aria-label="${w.say('help.searchLabel')}" data-testid="help-live" data-none="${w.say('help.noResults')}" data-ask="${w.say('help.askChat')}" data-closest="${w.say('help.closest')}" hidden></div>
</form>
<main id="main">
${f.main}
</main>
<footer class="foot"><p>${w.say('help.stillNeedHelp')} <a href="${escapeHtml(homePath)}?chat=1" class="chat-link" data-help-chat data-testid="help-footer-chat">${w.say('help.askChat')}</a></p></footer>
<script src="/assets/dom.js" defer></script>
<script src="/help/assets/help.js" defer></script>
<script src="/webchat/widget.js" data-lang="${escapeHtml(f.lang)}"${chatAttrs} async></script>
</body>
</html>`;
}
