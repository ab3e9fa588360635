import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../app/test-support.ts';
import type { Example } from './dataset.ts';
import { seededRandom } from '../knowledge/index.ts';
import { editDistance } from '../knowledge/spelling.ts';
import { confidenceAuc, devFigures, lexicallyNovel, withTypo } from './dev-splits.ts';
import type { Asked } from './run.ts';
import { runCaptured } from './cli-main.ts';
import { devCommand } from './dev-cli.ts';

const asked = (label: string, answered: string | undefined, confidence: number): Asked => ({
  example: { text: `${label}?`, label, split: 'train', lang: 'en' } satisfies Example,
  top: answered === undefined ? undefined : { entryId: answered, confidence },
  ranked: answered === undefined ? [] : [answered],
  latencyMs: 1,
  candidates: [],
});

describe('lexicallyNovel', () => {
  it('is false when the question shares most of its words with one kept phrasing', () => {
    expect(lexicallyNovel('How do I reset my password', ['how can I reset my password', 'billing address'])).toBe(false);
  });

  it('is true when it shares few words with every kept phrasing', () => {
    expect(lexicallyNovel('forgot my login', ['how can I reset the password', 'change billing address'])).toBe(true);
  });
});

describe('withTypo', () => {
  it('makes one edit in one word of 4 or more letters, the same for the same seed', () => {
    const text = 'How do I reset my password?';
    const words = text.split(' ');
    const random = seededRandom(5);
    for (let i = 0; i < 200; i++) {
      const typed = withTypo(text, random);
      expect(editDistance(typed, text, 2), typed).toBe(1);
      // Only "reset" or "password" can change (letters dropped or added stay inside the word).
      const typedWords = typed.split(' ');
      expect(typedWords.length).toBe(words.length);
      const changed = words.filter((w, j) => w !== typedWords[j]);
      expect(changed.length === 1 && ['reset', 'password?'].includes(changed[0]!), typed).toBe(true);
    }
    expect(withTypo(text, seededRandom(9))).toBe(withTypo(text, seededRandom(9)));
    // Nothing of 4 or more Latin letters: unchanged.
    expect(withTypo('how do I pay', seededRandom(1))).toBe('how do I pay');
    expect(withTypo('我想退货 ok', seededRandom(1))).toBe('我想退货 ok');
  });
});

describe('confidenceAuc', () => {
  it('is 1 when every right answer is more confident than every wrong one, 0 when the reverse', () => {
    const good = [asked('a', 'a', 0.9), asked('b', 'b', 0.8), asked('a', 'b', 0.3), asked('oos', 'a', 0.2)];
    expect(confidenceAuc(good)).toBe(1);
    const bad = [asked('a', 'a', 0.1), asked('b', 'b', 0.2), asked('a', 'b', 0.8), asked('oos', 'a', 0.9)];
    expect(confidenceAuc(bad)).toBe(0);
  });

  it('counts ties as half', () => {
    expect(confidenceAuc([asked('a', 'a', 0.5), asked('oos', 'a', 0.5)])).toBe(0.5);
  });
});

describe('devFigures', () => {
  it('chooses each seed’s threshold on the other seeds: a seed unlike the others pays for it', () => {
    // Two seeds where right answers sit at 0.9 and wrong ones at 0.4, and one where right answers sit at 0.3.
    const usual = () => [asked('a', 'a', 0.9), asked('b', 'b', 0.9), asked('oos', 'a', 0.4), asked('oos', 'b', 0.4)];
    const odd = [asked('a', 'a', 0.3), asked('b', 'b', 0.3), asked('oos', 'a', 0.1), asked('oos', 'b', 0.1)];
    const f = devFigures([usual(), usual(), odd]);
    // The odd seed could be perfect at its own best threshold, but the others' threshold (above 0.4) answers nothing there.
    expect(f.bestMcc).toBe(1);
    expect(f.mcc).toBeLessThan(1);
    expect(f.top1).toBe(1);
    expect(f.questions).toBe(12);
  });
});

describe('npm run eval:dev', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('faqbot-evaldev-');
  });
  afterAll(() => dir.cleanup());

  it('prints all and novel figures for a dataset’s train split', async () => {
    const topics: Record<string, string[]> = {
      refund: ['when do i get my refund', 'refund still missing', 'how long until money is back', 'where is my refund', 'my refund has not arrived'],
      password: ['forgot my password', 'reset password please', 'cannot log in to my account', 'how do i change my password', 'password reset link broken'],
      delivery: ['how much is shipping', 'delivery cost to germany', 'is delivery free', 'what are the postage fees', 'do you charge for delivery'],
      hours: ['when are you open', 'opening hours', 'are you open on sunday', 'what time do you close', 'holiday opening times'],
      payment: ['do you take paypal', 'which cards do you accept', 'can i pay by bank transfer', 'payment methods', 'is apple pay accepted'],
    };
    const file = path.join(dir.dir, 'small.jsonl');
    await writeFile(file, Object.entries(topics).flatMap(([label, texts]) => texts.map((text) => JSON.stringify({ text, label, split: 'train', lang: 'en' }))).join('\n'));
    const { code, stdout } = await runCaptured(devCommand, [file, '--seeds', '1,2'], { ...process.env, DATA_DIR: dir.dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^small\.jsonl\s+all\s+\d+\s+-?\d\.\d{3}/m);
    expect(stdout).toMatch(/^\s+novel\s+\d+/m);
  }, 120_000);

  it('refuses a typo rate outside [0, 1] with its usage line', async () => {
    const run = await runCaptured(devCommand, ['any.jsonl', '--typo-rate', '2'], { ...process.env, DATA_DIR: dir.dir });
    expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining('--typo-rate') });
  }, 60_000);
});
