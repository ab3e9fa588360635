import express, { type Router } from 'express';
import { CATALOGUES, categoryName, t, textDirection } from '../bot/index.ts';
import { escapeHtml, isConversationEntry, renderHtml, type KnowledgeBase } from '../knowledge/index.ts';

/** Lower case without diacritics, so "zwrot pieniedzy" finds "zwrot pieniędzy". */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').toLowerCase();
}

/**
 * `GET /help`: the self-service help center, server-rendered from the live knowledge base, its
 * frame (title, search, category names) in the page's language from the message catalogue.
 * `?q=` keeps the questions whose wording or answer contains the words. Questions are escaped
 * and answers sanitized like everywhere else.
 */
export function helpCenter(kb: KnowledgeBase, defaultLang: string): Router {
  const router = express.Router();
  router.get('/help', (req, res) => {
    const asked = typeof req.query.lang === 'string' ? req.query.lang : defaultLang;
    const lang = kb.languages.includes(asked) ? asked : kb.searchLanguage(asked);
    const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
    const words = fold(query).split(/\s+/).filter(Boolean);
    const groups = new Map<string, string[]>();
    for (const e of kb.entries()) {
      // Small talk ("hello", "ok") is for the chat, not a help article.
      if (isConversationEntry(e)) continue;
      const v = kb.variant(e.id, lang);
      if (!v) continue;
      if (words.length) {
        const haystack = fold([v.question, ...v.alternates, v.answer].join('\n'));
        if (!words.every((w) => haystack.includes(w))) continue;
      }
      const cat = e.category ?? 'general';
      if (!groups.has(cat)) groups.set(cat, []);
      groups.get(cat)!.push(`<details id="${escapeHtml(e.id)}"><summary>${escapeHtml(v.question)}</summary><div class="answer">${renderHtml(v.answer)}</div></details>`);
    }
    const say = (key: Parameters<typeof t>[0], vars: Record<string, string> = {}) => escapeHtml(t(key, lang, vars, defaultLang));
    const langs = kb.languages.map((l) => `<a href="?lang=${encodeURIComponent(l)}" lang="${escapeHtml(l)}"${l === lang ? ' aria-current="page"' : ''}>${escapeHtml(CATALOGUES[l]?.languageName ?? l)}</a>`).join(' · ');
    const sections = [...groups].map(([cat, items]) => `<section><h2>${escapeHtml(categoryName(cat, lang))}</h2>${items.join('')}</section>`).join('');
    const results = query
      ? `<p class="results" role="status">${groups.size ? say('help.results', { query }) : say('help.noResults', { query })} <a href="?lang=${encodeURIComponent(lang)}">${say('help.all')}</a></p>`
      : `<p>${say('help.intro')}</p>`;
    res.type('html').send(`<!doctype html><html lang="${escapeHtml(lang)}" dir="${textDirection(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${say('help.title')}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
summary{cursor:pointer;font-weight:600;padding:.4rem 0}details{border-bottom:1px solid #ddd;padding:.2rem 0}
.answer{padding:0 0 .6rem}nav{margin-bottom:1rem}a{color:#0b57d0}form{display:flex;gap:.5rem;margin:1rem 0}
input[type=search]{flex:1;font:inherit;padding:.4rem .6rem}button{font:inherit}</style></head>
<body><h1>${say('help.title')}</h1><nav aria-label="${say('help.languages')}">${langs}</nav>
<form role="search" method="get" action="/help"><input type="hidden" name="lang" value="${escapeHtml(lang)}">
<input id="help-q" type="search" name="q" value="${escapeHtml(query)}" placeholder="${say('help.searchPlaceholder')}" aria-label="${say('help.searchLabel')}">
<button type="submit">${say('help.searchButton')}</button></form>
${results}${sections}
<script src="/webchat/widget.js" data-lang="${escapeHtml(lang)}" async></script></body></html>`);
  });
  return router;
}
