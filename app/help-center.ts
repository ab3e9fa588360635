import express, { type Router } from 'express';
import { escapeHtml, isConversationEntry, renderHtml, type KnowledgeBase } from '../knowledge/index.ts';

const RTL = new Set(['ar', 'he', 'fa', 'ur']);
const LANG_NAMES: Record<string, string> = { en: 'English', zh: '中文', th: 'ไทย', ar: 'العربية', pl: 'Polski' };

/**
 * `GET /help`: the self-service help center, server-rendered from the live knowledge base.
 * Questions are escaped and answers sanitized like everywhere else.
 */
export function helpCenter(kb: KnowledgeBase, defaultLang: string): Router {
  const router = express.Router();
  router.get('/help', (req, res) => {
    const asked = typeof req.query.lang === 'string' ? req.query.lang : defaultLang;
    const lang = kb.languages.includes(asked) ? asked : kb.searchLanguage(asked);
    const groups = new Map<string, string[]>();
    for (const e of kb.entries()) {
      // Small talk ("hello", "ok") is for the chat, not a help article.
      if (isConversationEntry(e)) continue;
      const v = kb.variant(e.id, lang);
      if (!v) continue;
      const cat = e.category ?? 'general';
      if (!groups.has(cat)) groups.set(cat, []);
      groups.get(cat)!.push(`<details id="${escapeHtml(e.id)}"><summary>${escapeHtml(v.question)}</summary><div class="answer">${renderHtml(v.answer)}</div></details>`);
    }
    const langs = kb.languages.map((l) => `<a href="?lang=${l}"${l === lang ? ' aria-current="page"' : ''}>${escapeHtml(LANG_NAMES[l] ?? l)}</a>`).join(' · ');
    const sections = [...groups].map(([cat, items]) => `<section><h2>${escapeHtml(cat[0]!.toUpperCase() + cat.slice(1))}</h2>${items.join('')}</section>`).join('');
    res.type('html').send(`<!doctype html><html lang="${lang}" dir="${RTL.has(lang) ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Help center</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
summary{cursor:pointer;font-weight:600;padding:.4rem 0}details{border-bottom:1px solid #ddd;padding:.2rem 0}
.answer{padding:0 0 .6rem}nav{margin-bottom:1rem}a{color:#0b57d0}</style></head>
<body><h1>Help center</h1><nav aria-label="Language">${langs}</nav>${sections}
<script src="/webchat/widget.js" data-lang="${lang}" async></script></body></html>`);
  });
  return router;
}
