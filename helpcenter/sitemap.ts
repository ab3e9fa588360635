import { escapeHtml } from '../knowledge/index.ts';
import type { HelpSite } from './site.ts';

/**
 * `sitemap.xml`: every published article in every language, each with its alternates in the
 * other languages (`xhtml:link rel="alternate" hreflang`) and an `x-default` (the default
 * language's, when the entry has one). Drafts and small talk are not in the site, so never here.
 */
export function sitemapXml(site: HelpSite, base: string, lastmod?: Date): string {
  const urls: string[] = [];
  for (const lang of site.languages) {
    for (const a of site.articles(lang)) {
      const alternates = site.alternates(a.entryId);
      const xDefault = alternates.find((x) => x.lang === site.defaultLang) ?? alternates[0]!;
      urls.push(`<url><loc>${escapeHtml(base + a.path)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}${alternates.map((x) =>
        `<xhtml:link rel="alternate" hreflang="${escapeHtml(x.lang)}" href="${escapeHtml(base + x.path)}"/>`).join('')}<xhtml:link rel="alternate" hreflang="x-default" href="${escapeHtml(base + xDefault.path)}"/></url>`);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${urls.join('\n')}
</urlset>
`;
}

/** `robots.txt`: the help center is open to crawlers, its search results, the admin and the APIs are not. */
export function robotsTxt(base: string): string {
  return `User-agent: *
Allow: /help/
Disallow: /help/search
Disallow: /admin/
Disallow: /api/
Sitemap: ${base}/sitemap.xml
`;
}
