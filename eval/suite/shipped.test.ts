import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.ts';
import { templateDataDir } from '../../app/test-support.ts';
import { inProcessTarget } from './app-target.ts';
import { coverageOf } from './coverage.ts';
import { compareRuns, formatGate } from './gate.ts';
import { loadSuites } from './parse.ts';
import type { SuiteRun } from './results.ts';
import { runSuites } from './run.ts';

/**
 * The shipped suites on the sample knowledge base, in process, against the committed baseline
 * (eval/suites/sample-kb.baseline.json): what CI runs. Refresh the baseline after an intended
 * change with `npm run eval:suite -- eval/suites --json eval/suites/sample-kb.baseline.json`.
 */
describe('shipped suites on the sample knowledge base', () => {
  let data: Awaited<ReturnType<typeof templateDataDir>>;
  let target: Awaited<ReturnType<typeof inProcessTarget>>;
  beforeAll(async () => {
    data = await templateDataDir('sample', 'faqbot-suite-shipped-');
    target = await inProcessTarget(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }, data.dir));
    // The sample template is built once per run in the background; on a busy machine that is slow.
  }, 300_000);
  afterAll(async () => {
    await target?.close();
    await data?.cleanup();
  });

  it('shows no regression against the committed baseline, and covers every entry in every language', async () => {
    const suites = await loadSuites(['eval/suites']);
    const baseline = JSON.parse(await readFile('eval/suites/sample-kb.baseline.json', 'utf8')) as SuiteRun;
    const run = await runSuites(suites, target);
    const gate = compareRuns(baseline, run);
    expect(gate.ok, formatGate(gate)).toBe(true);
    // Every baseline question was asked again: a renamed test would silently leave the gate.
    expect(gate.unpaired.onlyBaseline, formatGate(gate)).toBe(0);
    const coverage = coverageOf(await target.entries(), run.questions);
    expect(coverage.missing).toEqual({});
    expect(coverage.pairs).toBe(245);
    expect(Object.keys(run.aggregates).sort()).toEqual(['all', 'ar', 'en', 'pl', 'th', 'zh']);
  }, 300_000);
});
