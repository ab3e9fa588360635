import { EventFactory, type TurnContext } from 'botbuilder';
import type { Activity, Transcript } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { handoffInitiation, handoffStatus, type TranscriptActivity } from '../../bot/index.ts';

/** An event without what is generated per event (an id, the time, the machine's time zone), which must be there. */
function stable(e: unknown): Record<string, unknown> {
  const { id, timestamp, localTimezone, ...rest } = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
  expect(typeof id).toBe('string');
  expect(Number.isNaN(Date.parse(String(timestamp)))).toBe(false);
  expect(typeof localTimezone).toBe('string');
  return rest;
}

describe('handoff.status event', () => {
  it.each(['accepted', 'failed', 'completed'] as const)('has the shape of botbuilder\'s EventFactory.createHandoffStatus (%s)', (state) => {
    const conversation = { id: 'c1', isGroup: false, conversationType: 'personal', name: '' };
    expect(stable(handoffStatus(conversation, state, 'an agent took it'))).toEqual(stable(EventFactory.createHandoffStatus(conversation, state, 'an agent took it')));
  });
});

/**
 * The core builds the handoff protocol's `handoff.initiate` event as plain data, without the SDK.
 * This checks it field for field against the SDK's own EventFactory, so agent hubs that read Bot
 * Framework's events read ours.
 */
describe('handoff.initiate event', () => {
  const activities: TranscriptActivity[] = [
    {
      type: 'message', id: 'm1', timestamp: '2026-03-01T10:00:00.000Z', channelId: 'whatsapp',
      conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
      from: { id: 'cust-1', name: 'Ala', role: 'user' }, text: 'Jak zwrócić towar?', locale: 'pl',
    },
    {
      type: 'message', id: 'm2', timestamp: '2026-03-01T10:00:01.000Z', channelId: 'whatsapp',
      conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
      from: { id: 'bot', name: 'bot', role: 'bot' }, text: 'Przekazuję rozmowę…', locale: 'pl',
    },
  ];
  const value = { reason: 'asked-for-human', lang: 'pl', attempts: [] };

  it('has the shape of botbuilder\'s EventFactory.createHandoffInitiation', () => {
    const ours = handoffInitiation(activities[0]!, value, activities);
    const context = { activity: activities[0] } as unknown as TurnContext;
    const sdk = EventFactory.createHandoffInitiation(context, value, { activities: activities as Partial<Activity>[] } as Transcript);
    // Generated per event: an id, the time, the machine's time zone.
    const stable = (e: Record<string, unknown>) => {
      const { id, timestamp, localTimezone, ...rest } = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
      expect(typeof id).toBe('string');
      expect(Number.isNaN(Date.parse(String(timestamp)))).toBe(false);
      expect(typeof localTimezone).toBe('string');
      return rest;
    };
    expect(stable(ours as unknown as Record<string, unknown>)).toEqual(stable(sdk as unknown as Record<string, unknown>));
  });
});
