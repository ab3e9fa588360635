/**
 * analytics/'s rows about one customer (bot/personal-data.ts): their events and visits. The daily
 * and monthly rollups are counts without customers and stay.
 */
import type { PersonalDataPart } from '../bot/index.ts';

export const ANALYTICS_PERSONAL_DATA: PersonalDataPart = {
  module: 'analytics',
  tables: [
    { table: 'analytics_events', where: 't.customer_id = s.customer_id or t.conversation_id = any(s.conversations)' },
    { table: 'analytics_conversations', where: 't.customer_id = s.customer_id or t.conversation_id = any(s.conversations)' },
  ],
};
