import type { Expectation } from './format.ts';
import { zoneOf, type TurnOutcome } from './target.ts';

/** One expectation that did not hold. */
export interface Miss {
  field: string;
  message: string;
}

/** What a check may need beyond the turn itself. */
export interface CheckContext {
  /** Customer texts of the latest handoff packet's transcript (undefined: no handoff). */
  handoffTranscript?: () => Promise<string[] | undefined>;
  /** Everything the customer said so far in this conversation. */
  said: string[];
}

type Field = keyof Omit<Expectation, 'not'>;
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/** The answered entry of a turn: the first reply from an entry. */
export const answeredEntry = (o: TurnOutcome) => o.replies.find((r) => r.entryId)?.entryId;
/** Every suggestion offered in the turn's replies. */
export const offered = (o: TurnOutcome) => o.replies.flatMap((r) => r.suggestions ?? []).map((s) => s.entryId);
/** A handoff happened in, or is still under way after, this turn. */
export const handedOff = (o: TurnOutcome) => o.handoff || o.replies.some((r) => r.handoff);

/** Does one expectation field hold? Returns what was seen when it does not (undefined when it holds). */
async function holds(field: Field, want: unknown, o: TurnOutcome, ctx: CheckContext): Promise<{ ok: boolean; seen: string }> {
  const text = o.replies.map((r) => r.text).join('\n');
  switch (field) {
    case 'entry': {
      const e = answeredEntry(o);
      return { ok: e === want, seen: e ? `answered from "${e}"` : `no entry answered (zone ${zoneOf(o)})` };
    }
    case 'zone': {
      const z = zoneOf(o);
      return { ok: z === want, seen: `zone ${z}` };
    }
    case 'language': {
      const l = o.replies[0]?.lang ?? o.lang;
      return { ok: l === want, seen: `replied in "${l}"` };
    }
    case 'contains': {
      const missing = list(want as string | string[]).filter((t) => !text.toLowerCase().includes(t.toLowerCase()));
      return { ok: missing.length === 0, seen: `"${missing[0] ?? ''}" not in the reply` };
    }
    case 'not_contains': {
      const found = list(want as string | string[]).filter((t) => text.toLowerCase().includes(t.toLowerCase()));
      // The negation of "contains none" is "contains some": report what was found either way.
      return { ok: found.length === 0, seen: found.length ? `"${found[0]}" is in the reply` : 'none of them is in the reply' };
    }
    case 'suggestions': {
      const got = offered(o);
      const missing = (want as string[]).filter((id) => !got.includes(id));
      return { ok: missing.length === 0, seen: `suggestions [${got.join(', ')}]` };
    }
    case 'handoff': {
      const h = handedOff(o);
      return { ok: h === want, seen: h ? 'handed off' : 'not handed off' };
    }
    case 'handoff_transcript': {
      const t = await ctx.handoffTranscript?.();
      if (!t) return { ok: false, seen: 'no handoff packet' };
      const missing = ctx.said.filter((s) => !t.includes(s));
      return { ok: missing.length === 0, seen: missing.length ? `the packet's transcript lacks "${missing[0]}"` : 'the packet holds every customer turn' };
    }
    case 'latency_ms':
      return { ok: o.latencyMs <= (want as number), seen: `took ${Math.round(o.latencyMs)} ms` };
  }
}

/** Every expectation of a turn that did not hold; `not:` fields must each fail. */
export async function check(expect: Expectation | undefined, o: TurnOutcome, ctx: CheckContext): Promise<Miss[]> {
  if (!expect) return [];
  const misses: Miss[] = [];
  for (const [field, want] of Object.entries(expect) as Array<[Field | 'not', unknown]>) {
    if (field === 'not' || want === undefined) continue;
    const r = await holds(field, want, o, ctx);
    if (!r.ok) misses.push({ field, message: `expected ${field} ${JSON.stringify(want)}, ${r.seen}` });
  }
  for (const [field, want] of Object.entries(expect.not ?? {}) as Array<[Field, unknown]>) {
    if (want === undefined) continue;
    const r = await holds(field, want, o, ctx);
    if (r.ok) misses.push({ field: `not.${field}`, message: `expected not ${field} ${JSON.stringify(want)}, but it held` });
  }
  return misses;
}
