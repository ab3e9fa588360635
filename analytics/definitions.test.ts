import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { METRIC_DEFINITIONS } from './index.ts';

describe('metric definitions', () => {
  it('are the ones docs/METRICS.md gives, word for word', async () => {
    const doc = await readFile(new URL('../docs/METRICS.md', import.meta.url), 'utf8');
    for (const [name, text] of Object.entries(METRIC_DEFINITIONS)) {
      const section = new RegExp(`### ${name}\\n(.+)\\n`).exec(doc);
      expect(section?.[1], name).toBe(text);
    }
  });
});
