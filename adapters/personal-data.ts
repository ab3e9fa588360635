/** adapters/'s tables about one customer (bot/personal-data.ts): what each channel stored to reach them. */
import { addressIn, OF_SUBJECT_CUSTOMER, SUBJECT, SUBJECT_DELIVERY, subjectParams, type PersonalDataPart } from '../bot/index.ts';

export const ADAPTERS_PERSONAL_DATA: PersonalDataPart = {
  module: 'adapters',
  tables: [
    { table: 'channel_deliveries', where: SUBJECT_DELIVERY },
    { table: 'channel_send_failures', where: SUBJECT_DELIVERY },
    { table: 'channel_addresses', where: addressIn('t.channel', 't.user_id') },
    { table: 'channel_windows', where: OF_SUBJECT_CUSTOMER },
    { table: 'channel_opt_outs', where: OF_SUBJECT_CUSTOMER },
    { table: 'outbox', where: addressIn('t.channel', 't.user_id') },
    { table: 'webchat_uploads', where: addressIn("'webchat'", 't.user_id') },
    // Messages and reactions (whose row has no user, the item names them).
    { table: 'intake_work', where: `${addressIn('t.channel', 't.user_id')} or ${addressIn('t.channel', "t.item->>'userId'")}` },
    // Refused webhooks are kept whole for the operator: any that names one of the addresses.
    { table: 'webhook_rejections', where: 'exists (select 1 from unnest(s.users) u where length(u) >= 6 and position(u in t.body) > 0)' },
  ],
  // A webhook batch is stored as one row of many customers' items (adapters/core/intake-store.ts):
  // the subject's items leave it, the others stay.
  async scrub(sql, s) {
    const [r] = await sql.query<{ n: number | string }>(
      `with changed as (
         update intake_work t set item = jsonb_set(t.item, '{rows}', coalesce(
           (select jsonb_agg(e.r order by e.n) from jsonb_array_elements(t.item->'rows') with ordinality as e(r, n) where not (${addressIn("e.r->>'channel'", "e.r->>'userId'")})),
           '[]'::jsonb))
         from ${SUBJECT}
         where t.item->>'kind' = 'batch' and exists (select 1 from jsonb_array_elements(t.item->'rows') as x(r) where ${addressIn("x.r->>'channel'", "x.r->>'userId'")})
         returning 1)
       select count(*)::int as n from changed`, subjectParams(s));
    return { intake_work: Number(r?.n ?? 0) };
  },
};
