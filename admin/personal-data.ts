/**
 * admin/'s rows about one customer (bot/personal-data.ts): their verdicts on answers, their
 * questions in the unanswered inbox, the conversation events sent to the operator's webhooks, and
 * the files agents sent them.
 */
import { IN_SUBJECT_CONVERSATIONS, SUBJECT, subjectParams, type PersonalDataPart } from '../bot/index.ts';

export const ADMIN_PERSONAL_DATA: PersonalDataPart = {
  module: 'admin',
  tables: [
    { table: 'message_feedback', where: IN_SUBJECT_CONVERSATIONS },
    { table: 'unanswered_questions', where: IN_SUBJECT_CONVERSATIONS },
    { table: 'webhook_deliveries', where: IN_SUBJECT_CONVERSATIONS },
    { table: 'agent_files', where: IN_SUBJECT_CONVERSATIONS },
  ],
  // A group of the inbox is named after its first question: the subject's questions leave their
  // groups, a group left empty goes, and one named after a question that went takes the name of
  // its oldest question left.
  async scrub(sql, s): Promise<Record<string, number>> {
    const gone = await sql.query<{ group_id: string }>(
      `delete from unanswered_questions t using ${SUBJECT} where t.conversation_id = any(s.conversations) returning t.group_id`, subjectParams(s));
    const groups = [...new Set(gone.map((g) => g.group_id))];
    if (!groups.length) return { unanswered_questions: 0 };
    const emptied = await sql.query<{ id: string }>(
      'delete from unanswered_groups g where g.id = any($1::text[]) and not exists (select 1 from unanswered_questions q where q.group_id = g.id) returning g.id', [groups]);
    const renamed = await sql.query<{ id: string }>(
      `update unanswered_groups g set text = (select q.text from unanswered_questions q where q.group_id = g.id order by q.created_at limit 1)
       where g.id = any($1::text[]) and not exists (select 1 from unanswered_questions q where q.group_id = g.id and q.text = g.text) returning g.id`, [groups]);
    return { unanswered_questions: gone.length, unanswered_groups: emptied.length + renamed.length };
  },
};
