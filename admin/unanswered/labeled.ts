import type { Database } from '../../bot/index.ts';
import { normalizedQuestion } from './similarity.ts';
import type { LiveKnowledgePort } from './ports.ts';

/** One customer question with the entry the customer said answers it: a line of an eval dataset (eval/run.ts). */
export interface LabeledQuestion {
  text: string;
  /** The entry id. */
  label: string;
  lang: string;
  split: 'test';
  /** How the customer said so: pressed the entry among the bot's suggestions, or rated its answer helpful. */
  source: 'customer-choice' | 'helpful';
}

/**
 * Customers' own questions with the entry each customer said answers it, newest first, for
 * `npm run eval -- <file> --kb <folder>` on the knowledge base's real traffic:
 *
 * - a question the bot clarified, labelled with the suggestion the customer then pressed;
 * - a question the bot answered, labelled with that entry, when the customer rated the answer helpful.
 *
 * A text (folded, in one language) is given once, with its newest label. Texts that are already a
 * phrasing of the live knowledge base are left out: the figure then measures questions the bot
 * was not given word for word. Entries no longer live are left out too.
 */
export async function labeledQuestions(db: Database, knowledge: LiveKnowledgePort | undefined, limit = 5000): Promise<LabeledQuestion[]> {
  const rows = await db.query<{ text: string; lang: string | null; label: string; source: LabeledQuestion['source'] }>(
    `select * from (
       select q.text, q.lang, c.entry_id as label, 'customer-choice' as source, c.created_at as at
       from unanswered_choices c join unanswered_questions q on q.id = c.question_id
       union all
       select asked.text, coalesce(conv.lang, answer.lang) as lang, answer.entry_id as label, 'helpful' as source, f.updated_at as at
       from message_feedback f
       join messages answer on answer.id = f.message_id
       join messages asked on asked.id = answer.reply_to and asked.role = 'customer'
       join conversations conv on conv.id = f.conversation_id
       where f.helpful and answer.entry_id is not null
     ) labeled order by at desc limit $1`, [limit]);
  const phrasings = new Set((knowledge?.entries() ?? []).flatMap((e) => e.variants.flatMap((v) => [v.question, ...v.alternates].map((t) => `${v.lang}\0${normalizedQuestion(t)}`))));
  const seen = new Set<string>();
  const out: LabeledQuestion[] = [];
  for (const r of rows) {
    const lang = r.lang ?? '';
    const key = `${lang}\0${normalizedQuestion(r.text)}`;
    if (!lang || seen.has(key) || phrasings.has(key) || (knowledge && !knowledge.entry(r.label))) continue;
    seen.add(key);
    out.push({ text: r.text, label: r.label, lang, split: 'test', source: r.source });
  }
  return out;
}
