import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../app/test-support.ts';
import { runCaptured } from './cli-main.ts';
import { suiteCommand } from './suite-cli.ts';
import { parseSuite } from './suite/index.ts';

describe('npm run eval:suite', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('faqbot-suitecli-');
  });
  afterAll(() => dir.cleanup());

  it('stops with exit 2 and one line naming file, line and field for a malformed suite, before building anything', async () => {
    const file = path.join(dir.dir, 'bad.yml');
    await writeFile(file, 'suite: x\ntests:\n  - name: a\n    turns:\n      - say: hi\n        expect: { zone: answerd }\n');
    const err = await runCaptured(suiteCommand, [file], { ...process.env, DATA_DIR: dir.dir });
    expect(err.code).toBe(2);
    expect(err.stderr.trim()).toBe(`Malformed suite: ${file}:6: tests[0].turns[0].expect.zone: "answerd" is not one of answer, clarify, fallback, handoff, none`);
  }, 60_000);

  it('writes a starter suite for a knowledge folder that the parser accepts', async () => {
    const { code, stdout } = await runCaptured(suiteCommand, ['--init', 'knowledge/sample-kb']);
    expect(code).toBe(0);
    const suite = parseSuite(stdout, 'init.yml');
    expect(suite.tests).toHaveLength(245);
    expect(suite.tests[0]!.steps[0]).toMatchObject({ kind: 'customer', expect: { zone: 'answer', entry: suite.tests[0]!.name.split(' ')[0] } });
  }, 60_000);
});
