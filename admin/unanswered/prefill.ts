import { createHash } from 'node:crypto';
import { detectPlatformIntent, parseRating, type StoredMessage } from '../../bot/index.ts';
import { normalizeText, type FaqEntry } from '../../knowledge/index.ts';
import { normalizedQuestion } from './similarity.ts';

/** Longest question or alternate an entry accepts (admin/knowledge/schema.ts). */
const MAX_QUESTION = 500;

/** A customer's text as a one-line entry question, or undefined when it cannot be one (too long, empty). */
export function asQuestion(text: string): string | undefined {
  const one = text.replace(/\s+/g, ' ').trim();
  return one && one.length <= MAX_QUESTION ? one : undefined;
}

/** Distinct usable questions (first spelling wins), skipping `except`. */
export function distinctQuestions(texts: string[], except: string[] = []): string[] {
  const seen = new Set(except.map(normalizedQuestion));
  const out: string[] = [];
  for (const t of texts) {
    const q = asQuestion(t);
    const key = q && normalizedQuestion(q);
    if (!q || !key || seen.has(key)) continue;
    seen.add(key);
    out.push(q);
  }
  return out;
}

/** An entry id from a question: "Do you ship to Norway?" → "do-you-ship-to-norway"; scripts without Latin letters get a hash. */
export function slugFor(text: string): string {
  const ascii = normalizeText(text).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return ascii.length >= 3 ? ascii : `question-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
}

/** The first free id of the form slug, slug-2, slug-3… */
export async function uniqueId(base: string, taken: (id: string) => Promise<boolean>): Promise<string> {
  for (let i = 1; i < 1000; i++) {
    const id = i === 1 ? base : `${base}-${i}`;
    if (!(await taken(id))) return id;
  }
  return `${base}-${Date.now()}`;
}

/** A new, unsaved entry: the editor completes it and saves it with `POST /api/admin/entries`. */
export function draftEntry(id: string, lang: string, question: string, alternates: string[], answer: string): FaqEntry {
  return { id, tags: [], related: [], status: 'published', variants: [{ lang, question, alternates, answer }] };
}

/** A customer message that asks something (not "talk to a person", "hello" or a 1-5 rating). */
export function isQuestion(m: StoredMessage | undefined): m is StoredMessage {
  return Boolean(m && m.role === 'customer' && asQuestion(m.text) && !detectPlatformIntent(m.text) && parseRating(m.text) === undefined);
}

/**
 * The customer's question an agent's reply answers: the one the bot handed off on, when it was
 * a question; else the customer's last question before the reply (after "talk to a person",
 * customers usually ask again while they wait).
 */
export function questionBefore(transcript: StoredMessage[], reply: StoredMessage, handedOffOn?: StoredMessage): StoredMessage | undefined {
  if (isQuestion(handedOffOn) && handedOffOn.seq < reply.seq) return handedOffOn;
  return transcript.filter((m) => m.seq < reply.seq && isQuestion(m)).at(-1);
}
