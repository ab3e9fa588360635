import { afterEach, describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../bot/index.ts';
import { toTraditional } from '../../knowledge/index.ts';
import { consoleHarness, type ConsoleHarness } from '../test-support.ts';

/** AGENT_DISPLAY_NAME: the name customers see when an agent joins, in the conversation's language. */
describe('the name customers see for an agent', () => {
  let h: ConsoleHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function joinedNotice(agentDisplayName: string | undefined, question: string, lang?: string) {
    h = await consoleHarness({ agentDisplayName });
    const alice = await h.user('agent', 'Alice Kowalska');
    const cookie = await h.signIn(alice.email, alice.password);
    const r = await h.customer(`cust-name-${Math.random().toString(36).slice(2, 10)}`, question);
    expect(r.handoff).toBe(true);
    if (lang) await h.store.updateConversation(r.conversationId, { lang });
    expect((await h.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie, body: {} })).status).toBe(200);
    return h.adapter.sent.filter((s) => s.message.conversationId === r.conversationId).at(-1)!.message;
  }

  it('is the agent\'s own name by default', async () => {
    expect((await joinedNotice(undefined, 'I want to talk to a human')).text).toBe('Alice Kowalska from our team has joined the conversation.');
  });

  it('is a fixed name when one is configured', async () => {
    expect((await joinedNotice('Kestrel Support', 'I want to talk to a human')).text).toBe('Kestrel Support from our team has joined the conversation.');
  });

  it('is "a colleague from our support team" in the customer\'s language with "team"', async () => {
    const m = await joinedNotice('team', 'I want to talk to a human', 'pl');
    expect(m).toMatchObject({ text: CATALOGUES.pl!.agentJoinedTeam, lang: 'pl' });
    expect(m.text).not.toContain('Alice');
  });

  it('is in Traditional Chinese for a customer who writes Traditional', async () => {
    const m = await joinedNotice('team', '我要轉人工客服', 'zh');
    expect(m).toMatchObject({ text: toTraditional(CATALOGUES.zh!.agentJoinedTeam), lang: 'zh' });
    expect(m.text).not.toBe(CATALOGUES.zh!.agentJoinedTeam);
  });
});
