import { describe, expect, it } from 'vitest';
import { dot, UseLiteEmbeddings, useLiteInput } from './embeddings.ts';

describe('useLiteInput', () => {
  it('lower-cases and turns punctuation into spaces, keeping apostrophes, %, &, $ and -', () => {
    expect(useLiteInput('How To Withdraw Money?')).toBe('how to withdraw money');
    expect(useLiteInput("  What's 0% EMI, and  e-mail & $5?! ")).toBe("what's 0% emi and e-mail & $5");
    expect(useLiteInput('...')).toBe('');
  });
});

describe('UseLiteEmbeddings', () => {
  it('embeds a question alike whatever its case and trailing punctuation', async () => {
    const use = new UseLiteEmbeddings();
    const [a, b, c] = await use.embedDocuments(['How To Withdraw Money?', 'how to withdraw money', 'is my card delivered']);
    expect(dot(a!, b!)).toBeCloseTo(1, 5);
    expect(dot(a!, c!)).toBeLessThan(0.9);
  });

  it('names its input form in the model id, so vectors cached from raw text are not reused', () => {
    expect(new UseLiteEmbeddings().modelId).toBe('use-lite-en-512-lc');
  });
});
