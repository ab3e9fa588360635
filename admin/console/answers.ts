/**
 * Answers from the knowledge base for an agent replying by hand: the entries that best match a
 * search, or the customer's last message, each with its answer in the conversation's language,
 * to insert into the reply and adapt. Agents answer many handed-off questions the knowledge base
 * half covers; retyping its answer is slower and drifts from what the bot says.
 */
import type { ConversationStore } from '../../bot/index.ts';
import { isFaqEntry, toTraditional, type KnowledgeBase, type LanguageDetector } from '../../knowledge/index.ts';

/** One suggestion: the entry, its question and answer (Markdown) in `lang`, and the matcher's confidence. */
export interface SuggestedAnswer {
  entryId: string;
  lang: string;
  title: string;
  answer: string;
  confidence: number;
}

/** How many answers a search offers. */
const SHOWN = 3;

/**
 * The best answers for `query` (else the customer's latest message) in the conversation's
 * language, small talk left out; undefined when there is no such conversation.
 */
export async function suggestedAnswers(knowledge: KnowledgeBase, store: ConversationStore, conversationId: string, query: string | undefined,
  o: { defaultLang?: string; detector?: LanguageDetector } = {}): Promise<{ query: string; lang: string; answers: SuggestedAnswer[] } | undefined> {
  const conversation = await store.conversation(conversationId);
  if (!conversation) return undefined;
  const lang = conversation.lang ?? o.defaultLang ?? 'en';
  const typed = query?.trim();
  const asked = typed || (await store.transcript(conversationId)).filter((m) => m.role === 'customer' && m.text.trim()).at(-1)?.text || '';
  if (!asked) return { query: '', lang, answers: [] };
  // An agent may search in their own language ("jak zapłacić kartą" for an English customer): the
  // search is read in the language it is written in, the answers given in the customer's.
  const guess = typed && o.detector ? await o.detector.detect(typed) : undefined;
  const searchLang = guess && guess.probability >= 0.5 && knowledge.languages.includes(guess.lang) ? guess.lang : lang;
  const result = await knowledge.match(asked, searchLang, SHOWN * 2);
  const answers: SuggestedAnswer[] = [];
  for (const c of result.candidates) {
    if (answers.length >= SHOWN || !isFaqEntry(knowledge.entry(c.entryId))) continue;
    // The conversation's language when the entry has it, else the language it was matched in.
    const variant = knowledge.variant(c.entryId, lang) ?? knowledge.variant(c.entryId, result.lang);
    if (variant) answers.push({ entryId: c.entryId, lang: variant.lang, title: variant.question, answer: variant.answer, confidence: c.confidence });
  }
  // A customer who writes Traditional Chinese reads the bot in Traditional (bot/chinese-script.ts): so the agent's answers.
  if (answers.some((a) => a.lang === 'zh') && await store.chineseScript(conversationId) === 'traditional') {
    for (const a of answers) if (a.lang === 'zh') Object.assign(a, { title: toTraditional(a.title), answer: toTraditional(a.answer) });
  }
  return { query: asked, lang, answers };
}
