import type { Database } from '../../bot/index.ts';

/** A customer question from real conversations, to replay against the drafts and the live version. */
export interface RecordedQuestion {
  source: 'recent' | 'unanswered';
  text: string;
  lang?: string;
  /** The entry the customer pressed among the bot's suggestions right after it clarified this question. */
  expectedEntry?: string;
}

/**
 * The questions a publish should be judged on besides the suites: the most recent distinct
 * customer messages (what customers ask now) and the open groups of the unanswered inbox (what
 * the bot could not answer, which a publish often means to fix). Questions whose customer
 * pressed one of the bot's suggestions come first, with that entry as the one they expect
 * (open, resolved or dismissed: a publish may fix them or break them again). Messages without
 * letters or digits ("👍") are left out; so are duplicates.
 */
export async function recordedQuestions(db: Database, o: { recent?: number; unanswered?: number } = {}): Promise<RecordedQuestion[]> {
  const chosen = await db.query<{ text: string; lang: string; entry_id: string }>(
    `select q.text, q.lang, c.entry_id from unanswered_choices c join unanswered_questions q on q.id = c.question_id
     order by c.created_at desc limit $1`, [Math.max(0, (o.unanswered ?? 100) * 3)]);
  const recent = await db.query<{ text: string; lang: string | null }>(
    "select text, lang from messages where role = 'customer' order by created_at desc limit $1", [Math.max(0, (o.recent ?? 200) * 3)]);
  const open = await db.query<{ text: string; lang: string }>(
    "select text, lang from unanswered_groups where status = 'open' order by created_at desc limit $1", [Math.max(0, o.unanswered ?? 100)]);
  const seen = new Set<string>();
  const out: RecordedQuestion[] = [];
  const add = (source: RecordedQuestion['source'], text: string, lang: string | null, cap: number, expectedEntry?: string) => {
    const t = text.trim();
    const key = t.toLowerCase();
    if (!/[\p{L}\p{N}]/u.test(t) || t.length > 500 || seen.has(key) || out.filter((q) => q.source === source).length >= cap) return;
    seen.add(key);
    out.push({ source, text: t, lang: lang ?? undefined, ...(expectedEntry ? { expectedEntry } : {}) });
  };
  for (const r of chosen) add('unanswered', r.text, r.lang, o.unanswered ?? 100, r.entry_id);
  for (const r of open) add('unanswered', r.text, r.lang, o.unanswered ?? 100);
  for (const r of recent) add('recent', r.text, r.lang, o.recent ?? 200);
  return out;
}
