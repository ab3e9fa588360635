import { describe, expect, it } from 'vitest';
import { BACKEND_INIT_ATTEMPTS, dot, UseLiteEmbeddings, useLiteInput, withBackendRetry } from './embeddings.ts';

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

describe('withBackendRetry', () => {
  const notReady = () => new Error("Backend 'wasm' has not yet been initialized. Make sure to await tf.ready() or await tf.setBackend() before calling other methods");

  it('loads again after awaiting ready when the backend was still initialising', async () => {
    let calls = 0;
    let readies = 0;
    const model = await withBackendRetry(async () => {
      if (++calls === 1) throw notReady();
      return 'model';
    }, async () => void readies++, 1);
    expect(model).toBe('model');
    expect([calls, readies]).toEqual([2, 1]);
  });

  it('gives up after BACKEND_INIT_ATTEMPTS, and throws any other error at once', async () => {
    let calls = 0;
    await expect(withBackendRetry(async () => { calls++; throw notReady(); }, async () => undefined, 1)).rejects.toThrow(/not yet been initialized/);
    expect(calls).toBe(BACKEND_INIT_ATTEMPTS);
    calls = 0;
    await expect(withBackendRetry(async () => { calls++; throw new Error('weights missing'); }, async () => undefined, 1)).rejects.toThrow('weights missing');
    expect(calls).toBe(1);
  });
});
