/**
 * analytics/'s rows about one customer (bot/personal-data.ts): their events and visits. The daily
 * and monthly rollups are counts without customers and stay.
 */
// bot/'s module itself, not its index: bot/ imports analytics/, and its index is not loaded yet here.
import { IN_SUBJECT_CONVERSATIONS, OF_SUBJECT_CUSTOMER, type PersonalDataPart } from '../bot/personal-data.ts';

export const ANALYTICS_PERSONAL_DATA: PersonalDataPart = {
  module: 'analytics',
  tables: [
    { table: 'analytics_events', where: `${OF_SUBJECT_CUSTOMER} or ${IN_SUBJECT_CONVERSATIONS}` },
    { table: 'analytics_conversations', where: `${OF_SUBJECT_CUSTOMER} or ${IN_SUBJECT_CONVERSATIONS}` },
  ],
};
