/**
 * Buttons, quick replies and list rows carry the suggested entry's id as `entry:<id>`, so a tap
 * comes back as a `choose` event for exactly that entry, whatever its title was cut to.
 */
const PREFIX = 'entry:';

export function entryPayload(entryId: string): string {
  return PREFIX + entryId;
}

/** The entry id in a payload we made; undefined for payloads that are not ours (Get Started…). */
export function entryFromPayload(payload: string | undefined | null): string | undefined {
  return payload?.startsWith(PREFIX) && payload.length > PREFIX.length ? payload.slice(PREFIX.length) : undefined;
}
