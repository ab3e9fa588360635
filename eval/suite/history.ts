import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Aggregate, SuiteRun } from './results.ts';

/** One stored run, as the report's trend lines read it. */
export interface HistoryPoint {
  startedAt: string;
  target: string;
  tests: { pass: number; fail: number; skip: number };
  aggregates: Record<string, Aggregate>;
}

export const historyPoint = (run: SuiteRun): HistoryPoint => ({
  startedAt: run.startedAt, target: run.target.description, aggregates: run.aggregates,
  tests: { pass: run.tests.filter((t) => t.status === 'pass').length, fail: run.tests.filter((t) => t.status === 'fail').length, skip: run.tests.filter((t) => t.status === 'skip').length },
});

/** Add a run's summary to a history folder (one small JSON file a run; safe to commit or cache in CI). */
export async function appendHistory(dir: string, run: SuiteRun): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${run.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(historyPoint(run), null, 2)}\n`);
  return file;
}

/** Every stored run, oldest first; files that are not run summaries are skipped. */
export async function readHistory(dir: string): Promise<HistoryPoint[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const points: HistoryPoint[] = [];
  for (const n of names.filter((x) => x.endsWith('.json'))) {
    try {
      const p = JSON.parse(await readFile(path.join(dir, n), 'utf8')) as HistoryPoint;
      if (p.startedAt && p.aggregates) points.push(p);
    } catch {
      // Not a run summary.
    }
  }
  return points.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/**
 * A run as stored by `--json`: one line per test and per question, so a committed baseline's diff
 * shows which questions changed. Conversations are kept only for tests that did not pass (the
 * report shows only those), which keeps baselines small.
 */
export function serializeRun(run: SuiteRun): string {
  const tests = run.tests.map((t) => (t.status === 'pass' && !t.failures.length ? { ...t, transcript: [] } : t));
  const { tests: _t, questions, ...head } = run;
  const lines = (xs: unknown[]) => xs.map((x) => `    ${JSON.stringify(x)}`).join(',\n');
  const fields = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n${fields.join(',\n')},\n  "tests": [\n${lines(tests)}\n  ],\n  "questions": [\n${lines(questions)}\n  ]\n}\n`;
}
