import type { Article, Category } from './site.ts';

/** A JSON-LD object for a <script type="application/ld+json"> block. */
export type JsonLd = Record<string, unknown>;

/**
 * JSON-LD as it goes inside a script element: `<` escaped as \u003c, so an answer containing
 * "</script>" cannot end the block early; JSON.parse reads the text unchanged.
 */
export function jsonLdScript(data: JsonLd): string {
  return `<script type="application/ld+json">${JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}</script>`;
}

/** Breadcrumbs as schema.org's BreadcrumbList (absolute URLs). */
export function breadcrumbList(items: Array<{ name: string; url: string }>): JsonLd {
  return {
    '@type': 'BreadcrumbList',
    itemListElement: items.map((it, i) => ({ '@type': 'ListItem', position: i + 1, name: it.name, item: it.url })),
  };
}

/** A category page: its questions and answers as an FAQPage. */
export function faqPage(category: Category, url: string, lang: string, crumbs: JsonLd): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'FAQPage', '@id': url, url, name: category.name, inLanguage: lang,
        mainEntity: category.articles.map((a) => ({
          '@type': 'Question', name: a.question,
          acceptedAnswer: { '@type': 'Answer', text: a.plain },
        })),
      },
      crumbs,
    ],
  };
}

/**
 * An article page as an Article (a single curated answer: schema.org's QAPage is meant for pages
 * where users post answers), with its question as the headline.
 */
export function articleJsonLd(article: Article, url: string, site: { name: string; url: string }, crumbs: JsonLd, modified?: Date): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'Article', '@id': url, url, mainEntityOfPage: url, headline: article.question.slice(0, 110), name: article.question,
        articleBody: article.plain, inLanguage: article.lang, articleSection: article.category,
        isPartOf: { '@type': 'WebSite', name: site.name, url: site.url },
        ...(modified ? { dateModified: modified.toISOString() } : {}),
      },
      crumbs,
    ],
  };
}
