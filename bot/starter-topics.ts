import { isConversationEntry, type EntryVariant, type FaqEntry } from '../knowledge/index.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { Suggestion } from './types.ts';

/** What starter topics are read from: the answers given so far, and the live knowledge base. */
export interface StarterTopicsDeps {
  store: Pick<ConversationStore, 'mostAnsweredEntries'>;
  knowledge: {
    /** The live entries, in the knowledge base's order. */
    entries(): FaqEntry[];
    variant(entryId: string, lang: string): EntryVariant | undefined;
    /** The language a question in `lang` is searched in (the default one when `lang` has no content). */
    searchLanguage(lang: string): string;
  };
}

/**
 * The `n` FAQ entries customers ask most in `lang`, as suggestions titled in that language: the
 * bot's answers in the conversation store (its replies with an entry id), counted per entry and
 * language, then, to fill up (or with no history at all), the knowledge base's entries in order.
 * Conversation entries (small talk) and entries no longer live are never starter topics. The
 * language falls back as matching does (a language the knowledge base lacks gets the default's).
 *
 * Stable signature: the widget's welcome calls it, as does the bot after small talk.
 * @example const topics = await starterTopics({ store, knowledge }, 'pl', 3); // [{ entryId, title }]
 */
export async function starterTopics(deps: StarterTopicsDeps, lang: string, n = 3): Promise<Suggestion[]> {
  if (n <= 0) return [];
  const searchLang = deps.knowledge.searchLanguage(lang);
  const live = new Map(deps.knowledge.entries().filter((e) => e.status === 'published' && !isConversationEntry(e)).map((e) => [e.id, e]));
  if (!live.size) return [];
  const asked = await deps.store.mostAnsweredEntries(searchLang, n + 50);
  const ids = [...asked.map((a) => a.entryId).filter((id) => live.has(id)), ...live.keys()];
  const topics: Suggestion[] = [];
  for (const entryId of new Set(ids)) {
    const title = deps.knowledge.variant(entryId, searchLang)?.question;
    if (title) topics.push({ entryId, title });
    if (topics.length === n) break;
  }
  return topics;
}
