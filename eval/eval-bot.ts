import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConversationStore, createBot, migrate, openPglite, type Bot, type BotOptions } from '../bot/index.ts';
import * as knowledge from '../knowledge/index.ts';
import { CachedEmbeddings, createLanguageDetector, FileEmbeddingCache, KnowledgeBase, loadKnowledgeFolder, UseLiteEmbeddings, type FaqEntry } from '../knowledge/index.ts';

/** The bot options a conversation eval may set (thresholds, failed attempts, reading messages with the one before). */
export type EvalBotPolicy = Pick<BotOptions, 'answerThreshold' | 'clarifyThreshold' | 'maxFailedAttempts'> & Partial<Pick<BotOptions, 'followUpOdds' | 'continuations'>>;

/**
 * The real bot (its own embedded database, the language detector, matcher and policy) over the
 * knowledge folder `kbDir` published in a temporary folder, with the bundled conversation entries
 * unless `conversationEntries` is false; `run` talks to it, then everything is removed. `onTurn`
 * hears every turn's report (its outcome: clarified, not understood…).
 */
export async function withEvalBot<T>(o: { kbDir: string; cacheDir: string; conversationEntries?: boolean; policy: EvalBotPolicy; onTurn?: BotOptions['onTurn'] }, run: (bot: Bot, kb: KnowledgeBase) => Promise<T>): Promise<T> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'faqbot-eval-bot-'));
  const db = await openPglite(path.join(work, 'db'));
  try {
    await migrate(db);
    const embeddings = new CachedEmbeddings(new UseLiteEmbeddings(), new FileEmbeddingCache(o.cacheDir));
    const kb = await KnowledgeBase.open({ dir: path.join(work, 'kb'), embeddings });
    let entries: FaqEntry[] = await loadKnowledgeFolder(o.kbDir);
    // Looked up by name so that this script also runs on versions without conversation entries (for before/after figures).
    const add = (knowledge as { withConversationEntries?: (e: FaqEntry[]) => Promise<FaqEntry[]> }).withConversationEntries;
    if (o.conversationEntries !== false && add) entries = await add(entries);
    await kb.publish(entries);
    const bot = createBot({ store: new ConversationStore(db), knowledge: kb, detector: await createLanguageDetector(), defaultLang: 'en', maxMessageChars: 4000, onTurn: o.onTurn, ...o.policy });
    return await run(bot, kb);
  } finally {
    await db.close();
    await rm(work, { recursive: true, force: true });
  }
}
