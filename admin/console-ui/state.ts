/** What the console holds between renders. */
import type { Detail, Me, Person, QueueItem } from './types.ts';

export const state = {
  /** The signed-in account; null on the sign-in form. */
  me: null as Me | null,
  queue: [] as QueueItem[],
  /** The conversation open on the right. */
  openId: null as string | null,
  detail: null as Detail | null,
  /** Who a conversation can be transferred to. */
  agents: [] as Person[],
  events: null as EventSource | null,
  /** A refresh is scheduled; `detail`: the open conversation too. */
  refreshing: null as { detail: boolean } | null,
};

/** The signed-in account may do `permission`. */
export function may(permission: string): boolean {
  return !!state.me && state.me.permissions.includes(permission);
}
