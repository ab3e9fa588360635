import type { Database } from '../../bot/index.ts';

/** A customer question from real conversations, to replay against the drafts and the live version. */
export interface RecordedQuestion {
  source: 'recent' | 'unanswered';
  text: string;
  lang?: string;
}

/**
 * The questions a publish should be judged on besides the suites: the most recent distinct
 * customer messages (what customers ask now) and the open groups of the unanswered inbox (what
 * the bot could not answer, which a publish often means to fix). Messages without letters or
 * digits ("👍") are left out; so are duplicates.
 */
export async function recordedQuestions(db: Database, o: { recent?: number; unanswered?: number } = {}): Promise<RecordedQuestion[]> {
  const recent = await db.query<{ text: string; lang: string | null }>(
    "select text, lang from messages where role = 'customer' order by created_at desc limit $1", [Math.max(0, (o.recent ?? 200) * 3)]);
  const open = await db.query<{ text: string; lang: string }>(
    "select text, lang from unanswered_groups where status = 'open' order by created_at desc limit $1", [Math.max(0, o.unanswered ?? 100)]);
  const seen = new Set<string>();
  const out: RecordedQuestion[] = [];
  const add = (source: RecordedQuestion['source'], text: string, lang: string | null, cap: number) => {
    const t = text.trim();
    const key = t.toLowerCase();
    if (!/[\p{L}\p{N}]/u.test(t) || t.length > 500 || seen.has(key) || out.filter((q) => q.source === source).length >= cap) return;
    seen.add(key);
    out.push({ source, text: t, lang: lang ?? undefined });
  };
  for (const r of open) add('unanswered', r.text, r.lang, o.unanswered ?? 100);
  for (const r of recent) add('recent', r.text, r.lang, o.recent ?? 200);
  return out;
}
