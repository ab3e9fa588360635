import { describe, expect, it } from 'vitest';
import { runCaptured } from './cli-main.ts';
import { missesCommand } from './misses-cli.ts';

describe('npm run eval:misses', () => {
  it('prints its usage and exits 2 without a dataset or a knowledge folder', async () => {
    for (const args of [[], ['eval/sample-kb-dev2.jsonl'], ['--kb', 'knowledge/sample-kb']]) {
      const r = await runCaptured(missesCommand, args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('usage: npm run eval:misses');
    }
  });
});
