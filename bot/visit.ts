import { SESSION_GAP_MINUTES } from '../analytics/index.ts';

/**
 * Whether a customer message written at `at` begins a new visit: the conversation's first, or the
 * first after SESSION_GAP_MINUTES of silence, as the analytics count visits. A customer back the
 * next day starts afresh: earlier misses are no step toward a person, and yesterday's answer or
 * suggestions are no longer what their message leans on.
 */
export function beginsVisit(lastCustomerAt: Date | undefined, at: Date): boolean {
  return lastCustomerAt === undefined || at.getTime() - lastCustomerAt.getTime() >= SESSION_GAP_MINUTES * 60_000;
}
