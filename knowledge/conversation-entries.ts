import { fileURLToPath } from 'node:url';
import { loadKnowledgeFolder } from './load-folder.ts';
import type { FaqEntry } from './types.ts';

/** The bundled conversation entries (small talk and conversation control): knowledge/conversation/. */
export const CONVERSATION_DIR = fileURLToPath(new URL('./conversation/', import.meta.url));

/**
 * The bundled conversation entries (greeting, thanks, goodbye, ok/yes/no, laughter, praise,
 * frustration, "that's not what I asked", "are you a bot", "what can you do", "who are you", "how are you", off-topic chit-chat) in every shipped
 * language, each marked `kind: conversation`.
 */
export function loadConversationEntries(): Promise<FaqEntry[]> {
  return loadKnowledgeFolder(CONVERSATION_DIR);
}

/**
 * A knowledge base's entries with the bundled conversation entries added. An entry of the
 * knowledge base with the same id wins, so an operator can replace a bundled reply by putting a
 * file with its id in the knowledge folder.
 * @example const entries = await withConversationEntries(await loadKnowledgeFolder(kbDir));
 */
export async function withConversationEntries(entries: readonly FaqEntry[]): Promise<FaqEntry[]> {
  const own = new Set(entries.map((e) => e.id));
  return [...entries, ...(await loadConversationEntries()).filter((e) => !own.has(e.id))];
}
