import { isFaqEntry, type EntryVariant, type FaqEntry } from '../knowledge/index.ts';
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

/** An entry with this tag is an editor's pick for the starter topics (see starterTopics). */
export const STARTER_TAG = 'starter';

/**
 * The `n` FAQ entries customers ask most in `lang`, as suggestions titled in that language: the
 * bot's answers in the conversation store (its replies with an entry id), counted per entry and
 * language, then, to fill up (or with no history at all), the entries tagged STARTER_TAG (the
 * editors' picks: what a new install opens on), then one entry of each category in turn, in the
 * knowledge base's order: without picks a new install opens on several topics, not on the first few files.
 * Conversation entries (small talk) and entries no longer live are never starter topics. The
 * language falls back as matching does (a language the knowledge base lacks gets the default's).
 *
 * `except`: entries not to offer (those the customer was just answered), the next in line taking their place.
 *
 * Stable signature: the widget's welcome calls it, as does the bot after small talk.
 * @example const topics = await starterTopics({ store, knowledge }, 'pl', 3); // [{ entryId, title }]
 */
export async function starterTopics(deps: StarterTopicsDeps, lang: string, n = 3, except: ReadonlySet<string> = new Set()): Promise<Suggestion[]> {
  if (n <= 0) return [];
  const searchLang = deps.knowledge.searchLanguage(lang);
  const live = new Map(deps.knowledge.entries().filter((e) => e.status === 'published' && isFaqEntry(e) && !except.has(e.id)).map((e) => [e.id, e]));
  if (!live.size) return [];
  const asked = await deps.store.mostAnsweredEntries(searchLang, n + 50);
  const picked = [...live.values()].filter((e) => e.tags.includes(STARTER_TAG)).map((e) => e.id);
  const ids = [...asked.map((a) => a.entryId).filter((id) => live.has(id)), ...picked, ...byCategoryInTurn([...live.values()])];
  const topics: Suggestion[] = [];
  for (const entryId of new Set(ids)) {
    const title = deps.knowledge.variant(entryId, searchLang)?.question;
    if (title) topics.push({ entryId, title });
    if (topics.length === n) break;
  }
  return topics;
}

/** Entry ids taking one entry of each category in turn (categories in order of first appearance; no category is one more). */
export function byCategoryInTurn(entries: readonly FaqEntry[]): string[] {
  const groups = new Map<string, string[]>();
  for (const e of entries) {
    const key = e.category ?? '';
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(e.id);
  }
  const out: string[] = [];
  for (let round = 0; out.length < entries.length; round++) {
    for (const ids of groups.values()) if (round < ids.length) out.push(ids[round]!);
  }
  return out;
}

/** Default age, in ms, after which a cached tally is counted again. */
const TALLY_MAX_AGE_MS = 60_000;
/**
 * A count is kept at least this many times as long as it took. The count reads every answer ever
 * given (about 0.2 s a language with a million messages stored, on the embedded database, whose
 * one thread waits meanwhile), so on a long history the tally costs the database at most a
 * three-hundredth of its time per language, whatever the history's size.
 */
const TALLY_COST_FACTOR = 300;

/**
 * The answers tally starter topics read (`mostAnsweredEntries`), counted at most once per
 * `maxAgeMs` per language on this instance, not on every request: it counts every answer ever
 * given, and is asked on every message not understood, after small talk and on every web chat
 * opening. Concurrent askers share one count. Topics may lag the latest answers by `maxAgeMs`,
 * or longer on a history so long that counting it takes more than `maxAgeMs` / 300;
 * entries no longer live are still left out at once (`starterTopics` filters the live ones).
 * @example const tally = new AnsweredTally(store); await starterTopics({ store: tally, knowledge }, 'pl', 3);
 */
export class AnsweredTally implements Pick<ConversationStore, 'mostAnsweredEntries'> {
  private readonly counted = new Map<string, { at: number; limit: number; keepMs: number; rows: Promise<Array<{ entryId: string; count: number }>> }>();
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(private readonly store: Pick<ConversationStore, 'mostAnsweredEntries'>, options: { maxAgeMs?: number; now?: () => number } = {}) {
    this.maxAgeMs = options.maxAgeMs ?? TALLY_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
  }

  async mostAnsweredEntries(lang: string, limit: number): Promise<Array<{ entryId: string; count: number }>> {
    const now = this.now();
    let hit = this.counted.get(lang);
    if (!hit || hit.limit < limit || now - hit.at >= hit.keepMs) {
      const rows = this.store.mostAnsweredEntries(lang, limit);
      const counting = { at: now, limit, keepMs: this.maxAgeMs, rows };
      hit = counting;
      this.counted.set(lang, counting);
      rows.then(
        () => (counting.keepMs = Math.max(this.maxAgeMs, TALLY_COST_FACTOR * (this.now() - now))),
        // A failed count is not kept: the next asker counts again.
        () => this.counted.get(lang) === counting && this.counted.delete(lang),
      );
    }
    return (await hit.rows).slice(0, limit);
  }

  /** Count again on the next ask (e.g. after the history was deleted). */
  clear(): void {
    this.counted.clear();
  }
}
