import { words } from './segment.ts';

/** Most clauses of one question matched on their own (the last ones: the ask usually ends a message). */
export const MAX_CHUNKS = 4;
/** Fewest words (Intl.Segmenter words, so Chinese and Thai count too) a clause needs to be matched on its own. */
export const MIN_CHUNK_WORDS = 2;

/**
 * The clauses of a question written in several parts ("I ordered a lamp ten minutes ago but
 * changed my mind, can I stop it before it ships?"), each matched on its own beside the whole
 * (KnowledgeBase.match): the knowledge base's phrasings are one clause long, and a long question's
 * context words dilute every signal of the clause that asks. Clauses end at sentence and clause
 * punctuation in every script the knowledge base ships (. ! ? ; , and their Chinese, Arabic
 * forms); Thai marks clauses with a space, so there a space ends one too. Empty when the question
 * has fewer than two clauses of MIN_CHUNK_WORDS words.
 * @example questionChunks('My order was cancelled on Monday. How long until the refund?', 'en') // ['My order was cancelled on Monday', 'How long until the refund']
 */
export function questionChunks(text: string, lang: string): string[] {
  const separators = lang === 'th' ? /[.!?;,:。！？；，、،؛؟\n]+|\s+/u : /[.!?;,:。！？；，、،؛؟\n]+/u;
  const chunks = text.split(separators).map((c) => c.trim()).filter((c) => words(c, lang).length >= MIN_CHUNK_WORDS);
  return chunks.length >= 2 ? chunks.slice(-MAX_CHUNKS) : [];
}
