import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../app/test-support.ts';
import { runCaptured } from './cli-main.ts';
import { evalCommand } from './cli.ts';

/** A small but real dataset: three topics with varied phrasings, some out-of-scope questions. */
function dataset(): string {
  const topics: Record<string, string[]> = {
    refund: ['when do i get my refund', 'refund still missing', 'how long until money is back', 'where is my refund', 'my refund has not arrived', 'refund taking too long', 'did you send my refund yet', 'refund status please'],
    password: ['forgot my password', 'reset password please', 'cannot log in to my account', 'how do i change my password', 'password reset link broken', 'locked out of my account', 'new password not working', 'lost my login details'],
    delivery: ['how much is shipping', 'delivery cost to germany', 'is delivery free', 'what are the postage fees', 'shipping price for a big order', 'do you charge for delivery', 'cost of express shipping', 'how much to ship abroad'],
  };
  const lines: string[] = [];
  for (const [label, texts] of Object.entries(topics)) {
    texts.forEach((text, i) => lines.push(JSON.stringify({ text, label, split: i < 5 ? 'train' : i < 6 ? 'val' : 'test', lang: 'en' })));
  }
  for (const [i, text] of ['what is the weather today', 'tell me a joke', 'who won the football match', 'recipe for pancakes'].entries()) {
    lines.push(JSON.stringify({ text, label: 'oos', split: i < 2 ? 'val' : 'test', lang: 'en' }));
  }
  return lines.join('\n');
}

describe('npm run eval', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('faqbot-evalcli-');
  });
  afterAll(() => dir.cleanup());

  it('writes exactly the documented JSON keys, with thresholds chosen on val', async () => {
    const file = path.join(dir.dir, 'small.jsonl');
    const out = path.join(dir.dir, 'out.json');
    await writeFile(file, dataset());
    const questions = path.join(dir.dir, 'questions.jsonl');
    const { code, stdout } = await runCaptured(evalCommand, [file, '--json', out, '--questions', questions], { ...process.env, DATA_DIR: dir.dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/in-scope accuracy/);
    const report = JSON.parse(await readFile(out, 'utf8'));
    expect(Object.keys(report).sort()).toEqual(['accuracy', 'buildSeconds', 'byLanguage', 'dataset', 'ece', 'eceFloor', 'inScopeAccuracy', 'latencyMs', 'macroF1', 'mcc', 'mrr',
      'nTest', 'oosPrecision', 'oosRecall', 'thresholds', 'top3'].sort());
    // The per-language table: the in-scope shares add up to 1.
    const en = report.byLanguage.en;
    expect(en.answeredRight + en.answeredWrong + en.clarifiedRight + en.clarifiedWithout + en.handedOff).toBeCloseTo(1, 9);
    expect(stdout).toMatch(/lang\s+in-scope\s+right\s+wrong/);
    expect(Object.keys(report.latencyMs).sort()).toEqual(['p50', 'p95']);
    expect(report.nTest).toBe(8);
    expect(report.thresholds.source).toBe('val');
    expect(report.top3).toBeGreaterThan(0.5);
    // --questions: one line per test question, agreeing with the report.
    const rows = (await readFile(questions, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(report.nTest);
    expect(Object.keys(rows[0]).sort()).toEqual(expect.arrayContaining(['confidence', 'label', 'outcome', 'predicted', 'ranked', 'text']));
    expect(rows.filter((r) => r.predicted === r.label).length / rows.length).toBeCloseTo(report.accuracy, 9);
  }, 120_000);

  it('answers every question of a declared closed set (--oos-rate 0): no threshold to hold an answer back', async () => {
    const file = path.join(dir.dir, 'closed.jsonl');
    const out = path.join(dir.dir, 'closed.json');
    await writeFile(file, dataset().split('\n').filter((l) => !l.includes('"oos"')).join('\n'));
    expect((await runCaptured(evalCommand, [file, '--json', out, '--oos-rate', '0'], { ...process.env, DATA_DIR: dir.dir })).code).toBe(0);
    const report = JSON.parse(await readFile(out, 'utf8'));
    expect(report.thresholds).toMatchObject({ answer: 0, clarify: 0, source: 'closed set', oosRate: 0 });
    expect(report.accuracy).toBeGreaterThan(0.5);
  }, 120_000);

  it('exits non-zero on a malformed dataset, naming the line', async () => {
    const file = path.join(dir.dir, 'bad.jsonl');
    await writeFile(file, `${dataset().split('\n').slice(0, 3).join('\n')}\n{"text": "x", "label": "a"}\n`);
    const failure = await runCaptured(evalCommand, [file], { ...process.env, DATA_DIR: dir.dir });
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/bad\.jsonl:4: split/);
  }, 60_000);
});
