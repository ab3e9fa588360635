import type { DeliveryStatus } from '../types.ts';

/**
 * Rank of each delivery status. A callback may only move a message forward: providers deliver
 * status callbacks out of order ("delivered" before "sent"), so a lower rank never overwrites a
 * higher one. Failure is terminal at the same rank as delivery: it overrides "sent" but neither
 * undoes a delivery nor is undone by a late "sent".
 */
export const STATUS_RANK: Record<DeliveryStatus, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  failed: 3,
  read: 4,
};

const ALIASES: Record<string, DeliveryStatus> = {
  accepted: 'queued', scheduled: 'queued', queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered', partially_delivered: 'delivered',
  read: 'read',
  failed: 'failed', undelivered: 'failed', canceled: 'failed', deleted: 'failed',
};

/** A provider's status word as a canonical status; undefined for ones that are not delivery states (receiving, received). */
export function canonicalStatus(providerStatus: string): DeliveryStatus | undefined {
  return ALIASES[providerStatus.toLowerCase()];
}
