import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadSuites, parseSuite, SuiteFormatError } from './parse.ts';

const GOOD = `suite: Returns
defaults:
  channel: sms
  latency_ms: 3000
tests:
  - name: return
    critical: true
    turns:
      - say: How do I return an item?
        lang: en
        at: 2026-03-02T09:30:00+01:00
        expect:
          entry: return-an-item
          zone: answer
          contains: 30 days
          not:
            handoff: true
      - agent: claim
      - agent: reply
        text: hello
      - say: thanks
        optional: true
`;

/** The error a malformed file gives: file, line and field. */
function errorOf(text: string): SuiteFormatError {
  try {
    parseSuite(text, 'bad.yml');
  } catch (err) {
    if (err instanceof SuiteFormatError) return err;
    throw err;
  }
  throw new Error('parsed without an error');
}

describe('parseSuite', () => {
  it('reads turns, agent steps, defaults and the line of each step', () => {
    const s = parseSuite(GOOD, 'returns.yml');
    expect(s).toMatchObject({ name: 'Returns', file: 'returns.yml' });
    const t = s.tests[0]!;
    expect(t).toMatchObject({ name: 'return', critical: true, line: 6 });
    expect(t.steps.map((x) => [x.kind, x.line])).toEqual([['customer', 9], ['agent', 18], ['agent', 19], ['customer', 21]]);
    // Defaults fill what a turn does not set.
    expect(t.steps[0]).toMatchObject({ channel: 'sms', lang: 'en', expect: { entry: 'return-an-item', latency_ms: 3000, not: { handoff: true } } });
    expect(t.steps[3]).toMatchObject({ optional: true, channel: 'sms' });
  });

  it.each([
    ['an unknown field', GOOD.replace('        expect:\n          entry', '        expct:\n          entry'), 12, 'tests[0].turns[0].expct', /unknown field "expct"/],
    ['a zone that does not exist', GOOD.replace('zone: answer', 'zone: answerd'), 14, 'tests[0].turns[0].expect.zone', /"answerd" is not one of answer, clarify, fallback, handoff, none/],
    ['a missing test name', GOOD.replace('name: return\n    critical', 'critical'), 6, 'tests[0].name', /required field missing/],
    ['an agent reply without text', GOOD.replace('        text: hello\n', ''), 19, 'tests[0].turns[2].text', /needs "text"/],
    ['a bad clock', GOOD.replace('2026-03-02T09:30:00+01:00', 'monday 9am'), 11, 'tests[0].turns[0].at', /datetime/i],
    ['a negated field that does not exist', GOOD.replace('            handoff: true', '            handof: true'), 17, 'tests[0].turns[0].expect.not.handof', /unknown field/],
    ['a turn that is neither', GOOD.replace('      - agent: claim', '      - wait: 5'), 18, 'tests[0].turns[1]', /either a customer turn/],
    ['a latency that is not a number', GOOD.replace('latency_ms: 3000', 'latency_ms: fast'), 4, 'defaults.latency_ms', /number/],
  ])('names file, line and field for %s', (_what, text, line, field, message) => {
    const e = errorOf(text);
    expect(e.file).toBe('bad.yml');
    expect({ line: e.line, field: e.field }).toEqual({ line, field });
    expect(e.problem).toMatch(message);
    expect(e.message.startsWith(`bad.yml:${line}: ${field}: `)).toBe(true);
  });

  it('reports a YAML syntax error with its line', () => {
    const e = errorOf('suite: x\ntests:\n  - name: a\n    turns: [ {say: hi\n');
    expect(e.line).toBeGreaterThanOrEqual(4);
    expect(e.message).toMatch(/^bad\.yml:\d+: YAML syntax/);
  });

  it('refuses two tests with one name (names identify tests across runs)', () => {
    const e = errorOf(`suite: x\ntests:\n  - name: a\n    turns: [{say: hi}]\n  - name: a\n    turns: [{say: yo}]\n`);
    expect(e).toMatchObject({ line: 5, field: 'tests[1].name' });
  });

  it('accepts every shipped suite, and the JSON Schema names the same fields as the parser', async () => {
    const suites = await loadSuites(['eval/suites']);
    expect(suites.length).toBeGreaterThanOrEqual(2);
    const schema = JSON.parse(await readFile('eval/suites/suite.schema.json', 'utf8'));
    const { Expect, CustomerTurn, SuiteHeader, TestHeader } = await import('./format.ts');
    const keys = (o: { shape: Record<string, unknown> }) => Object.keys(o.shape).sort();
    expect(Object.keys(schema.definitions.expect.properties).sort()).toEqual(keys(Expect));
    expect(Object.keys(schema.definitions.customerTurn.properties).sort()).toEqual(keys(CustomerTurn));
    expect(Object.keys(schema.definitions.test.properties).sort()).toEqual(keys(TestHeader));
    expect(Object.keys(schema.properties).sort()).toEqual(keys(SuiteHeader));
    expect(schema.definitions.expectFields.zone.enum).toEqual(['answer', 'clarify', 'fallback', 'handoff', 'none']);
  });
});
