import type { StarterTopic } from '../adapters/index.ts';
import type { KnowledgeBase } from '../knowledge/index.ts';

/**
 * The web chat's starter topics for now: the first `count` published entries that have a
 * question in `lang` (else in the language the knowledge base answers `lang` with), in the
 * knowledge base's order. The most-asked ranking (bot/starter-topics.ts) replaces this when it
 * lands; the widget only sees `(lang) => topics`, so nothing else changes then.
 */
export function firstEntriesAsStarters(kb: KnowledgeBase, count: number): (lang: string) => Promise<StarterTopic[]> {
  return async (lang) => {
    if (count <= 0) return [];
    const l = kb.languages.includes(lang) ? lang : kb.searchLanguage(lang);
    const topics: StarterTopic[] = [];
    for (const e of kb.entries()) {
      if (topics.length >= count) break;
      if (e.status !== 'published') continue;
      const v = e.variants.find((x) => x.lang === l);
      if (v) topics.push({ entryId: e.id, title: v.question });
    }
    return topics;
  };
}
