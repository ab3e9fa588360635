import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTarget } from './http-target.ts';
import { parseSuite } from './parse.ts';
import { runSuites } from './run.ts';
import { fixtureTarget } from './test-support.ts';

const suite = (yaml: string) => parseSuite(yaml, 'inline.yml');

/** Every expectation kind, each holding. */
const PASSING = `suite: Kinds
tests:
  - name: answer
    turns:
      - say: How do I return an item?
        lang: en
        expect:
          entry: return-an-item
          zone: answer
          language: en
          contains: [30 days, return]
          not_contains: lawyer
          suggestions: [refund-timing]
          handoff: false
          latency_ms: 20000
          not: { entry: refund-timing, zone: handoff, contains: "5 working days" }
  - name: polish
    turns:
      - say: Jak zwrócić produkt?
        expect: { entry: return-an-item, language: pl, contains: 30 dni }
  - name: handoff
    turns:
      - say: How do I return an item?
      - say: I want to talk to a human
        expect: { zone: handoff, handoff: true, handoff_transcript: true, not: { zone: answer } }
`;

/** Each kind once more, each not holding (and a negation that holds, so fails). */
const FAILING: Array<[string, string, RegExp]> = [
  ['entry', 'entry: refund-timing', /expected entry "refund-timing", answered from "return-an-item"/],
  ['zone', 'zone: clarify', /expected zone "clarify", zone answer/],
  ['language', 'language: pl', /expected language "pl", replied in "en"/],
  ['contains', 'contains: [30 days, "100 years"]', /"100 years" not in the reply/],
  ['not_contains', 'not_contains: [30 DAYS]', /"30 DAYS" is in the reply/],
  ['suggestions', 'suggestions: [track-order]', /expected suggestions \["track-order"\], suggestions \[refund-timing\]/],
  ['handoff', 'handoff: true', /expected handoff true, not handed off/],
  ['handoff_transcript', 'handoff_transcript: true', /no handoff packet/],
  ['latency_ms', 'latency_ms: 0.001', /expected latency_ms 0.001, took \d+ ms/],
  ['not.entry', 'not: { entry: return-an-item }', /expected not entry "return-an-item", but it held/],
];

describe('runSuites in process (fixture knowledge base)', () => {
  let f: Awaited<ReturnType<typeof fixtureTarget>>;
  beforeAll(async () => {
    f = await fixtureTarget('faqbot-suite-run-', undefined, { BUSINESS_HOURS: 'mon-fri 09:00-17:00', TIME_ZONE: 'UTC' });
  });
  afterAll(() => f?.close());

  it('passes a test of every expectation kind when each holds', async () => {
    const run = await runSuites([suite(PASSING)], f.target);
    expect(run.tests.map((t) => [t.name, t.status, t.failures])).toEqual([['answer', 'pass', []], ['polish', 'pass', []], ['handoff', 'pass', []]]);
    expect(run.questions.find((q) => q.testId === 'Kinds › answer')).toMatchObject({ outcome: 'right', zone: 'answer', entry: 'return-an-item', lang: 'en', topRight: true, pass: true });
    expect(run.aggregates.pl).toMatchObject({ questions: 1, answeredRight: 1 });
  });

  it.each(FAILING)('fails a test whose %s expectation does not hold, naming the field and what it saw', async (field, expectation, message) => {
    const yaml = `suite: Failing\ntests:\n  - name: ${field}\n    turns:\n      - say: How do I return an item?\n        lang: en\n        expect: { ${expectation} }\n`;
    const run = await runSuites([suite(yaml)], f.target);
    const t = run.tests[0]!;
    expect(t.status).toBe('fail');
    expect(t.failures).toHaveLength(1);
    expect(t.failures[0]).toMatchObject({ step: 1, line: 5, field });
    expect(t.failures[0]!.message).toMatch(message);
  });

  it('reports a failing optional turn without failing the test', async () => {
    const run = await runSuites([suite(`suite: O\ntests:\n  - name: o\n    turns:\n      - say: How do I return an item?\n        optional: true\n        expect: { entry: track-order }\n`)], f.target);
    expect(run.tests[0]).toMatchObject({ status: 'pass', failures: [{ field: 'entry', optional: true }] });
  });

  it('runs agent steps through the handoff desk: claim, reply, resolve, and the bot answers again', async () => {
    const run = await runSuites([suite(`suite: Agent
tests:
  - name: handoff story
    turns:
      - say: Where is my order?
        expect: { entry: track-order }
      - say: talk to a person please
        expect: { zone: handoff, handoff: true, handoff_transcript: true }
      - agent: claim
      - agent: reply
        text: Hello, Sam here.
      - say: thanks Sam
        expect: { zone: none, handoff: true }
      - agent: resolve
      - say: How much does delivery cost?
        expect: { entry: delivery-cost, handoff: false }
  - name: claiming twice is refused
    turns:
      - say: talk to a person please
      - agent: claim
      - agent: claim
`)], f.target);
    expect(run.tests[0]).toMatchObject({ status: 'pass', failures: [] });
    expect(run.tests[0]!.transcript.filter((l) => l.role === 'agent').map((l) => l.text)).toEqual(['(claim)', 'Hello, Sam here.', '(resolve)']);
    // The desk's refusal is a failure of the step, not a crash of the run.
    expect(run.tests[1]).toMatchObject({ status: 'fail', failures: [{ step: 3, field: 'agent' }] });
    // The agent's reply is in the stored transcript, as the customer's channel got it.
    const conversation = run.tests[0]!;
    expect(conversation.transcript.some((l) => l.role === 'bot' && l.zone === 'handoff')).toBe(true);
  });

  it('sets the clock of a turn: a handoff on Saturday is told the team is away, on Monday morning its place in the queue', async () => {
    const run = await runSuites([suite(`suite: Clock
tests:
  - name: saturday
    turns:
      - say: talk to a person please
        at: 2026-03-07T11:00:00Z
        expect: { zone: handoff, contains: "away right now", not_contains: "in the queue. Stay here" }
  - name: monday
    turns:
      - say: talk to a person please
        at: 2026-03-09T10:00:00Z
        expect: { zone: handoff, contains: "in the queue. Stay here", not_contains: away right now }
`)], f.target);
    expect(run.tests.map((t) => [t.name, t.status, t.failures])).toEqual([['saturday', 'pass', []], ['monday', 'pass', []]]);
  });

  it('runs the same suite over HTTP against the running server, agent steps signed in as an agent', async () => {
    const password = 'suite-agent-password-1';
    await f.target.app.admin.users.create({ email: 'http-agent@example.com', name: 'HTTP agent', role: 'agent', password });
    const http = httpTarget({ url: f.target.app.url, agent: { email: 'http-agent@example.com', password } });
    const run = await runSuites([suite(PASSING), suite(`suite: Over HTTP
tests:
  - name: agent over http
    turns:
      - say: talk to a person please
        expect: { zone: handoff, handoff: true, handoff_transcript: true }
      - agent: claim
      - agent: reply
        text: Hi from the console
      - say: ok
        expect: { zone: none }
      - agent: resolve
      - say: Which payment methods do you accept?
        expect: { entry: payment-methods, handoff: false }
  - name: clock
    turns:
      - say: hi
        at: 2026-03-02T09:30:00Z
`)], http);
    expect(run.target.kind).toBe('http');
    expect(run.tests.map((t) => [t.name, t.status])).toEqual([['answer', 'pass'], ['polish', 'pass'], ['handoff', 'pass'], ['agent over http', 'pass'], ['clock', 'skip']]);
    expect(run.tests.at(-1)!.reason).toMatch(/clock/);
    // Without an account, agent steps are skipped with the reason, not failed.
    const anonymous = await runSuites([suite(`suite: A\ntests:\n  - name: a\n    turns:\n      - say: talk to a person please\n      - agent: claim\n`)], httpTarget({ url: f.target.app.url }));
    expect(anonymous.tests[0]).toMatchObject({ status: 'skip', reason: expect.stringMatching(/agent account/) });
  });
});
