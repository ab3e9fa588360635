import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedEmbeddings, dot } from './embeddings.ts';
import { KnowledgeBase } from './knowledge-base.ts';
import { answerProbe } from './answer-probe.ts';
import { outlierQuestions } from './outliers.ts';
import { renderPlainText } from './render.ts';
import { FIXTURE_ENTRIES } from './test-fixtures.ts';
import { writeTinyBertModel, type TinyModel } from './test-onnx.ts';
import { TransformersEmbeddings, expectedModelFiles } from './transformers-embeddings.ts';
import { KnowledgeError } from './types.ts';

const PUNCTUATION = ['?', '.', ',', '!', '*'];
/** Words as BERT's basic tokenizer (lower-cased, accents kept, punctuation split off) sees them. */
const wordsOf = (text: string) => text.toLowerCase().split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
const fixtureWords = FIXTURE_ENTRIES.flatMap((e) => e.variants.flatMap((v) => [v.question, ...v.alternates].flatMap(wordsOf)));

const norm = (v: number[]) => Math.sqrt(dot(v, v));
const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((x, j) => Math.abs(x - b[i]![j]!))));

describe('TransformersEmbeddings on a generated tiny BERT model', () => {
  let tmp: string;
  let modelsDir: string;
  let model: TinyModel;
  let emb: TransformersEmbeddings;
  const made: TransformersEmbeddings[] = [];
  const make = (o: Partial<ConstructorParameters<typeof TransformersEmbeddings>[0]> = {}) => {
    const e = new TransformersEmbeddings({ model: 'test-org/tiny-bert', modelsDir, ...o });
    made.push(e);
    return e;
  };

  const fetched: string[] = [];
  let restoreFetch: () => void;

  beforeAll(async () => {
    // Any attempt to reach the network (a model hub, a CDN) is recorded and fails.
    const { env } = await import('@huggingface/transformers');
    const [envFetch, globalFetch] = [env.fetch, globalThis.fetch];
    const refuse = async (input: string | URL | Request) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      throw new Error('network access in a test');
    };
    env.fetch = refuse;
    globalThis.fetch = refuse;
    restoreFetch = () => { env.fetch = envFetch; globalThis.fetch = globalFetch; };
    tmp = await mkdtemp(path.join(os.tmpdir(), 'faqbot-tfjs-'));
    modelsDir = path.join(tmp, 'models');
    model = await writeTinyBertModel(path.join(modelsDir, 'test-org', 'tiny-bert'), [...fixtureWords, 'query', 'passage'], { silent: PUNCTUATION });
    emb = make();
  });
  afterAll(async () => {
    restoreFetch?.();
    await Promise.all(made.map((e) => e.dispose()));
    await rm(tmp, { recursive: true, force: true });
  });

  it('gives unit vectors of the model hidden size', async () => {
    const vectors = await emb.embedDocuments(['How do I return an item?', 'Jak zwrócić produkt?', 'zzz qqq']);
    expect(model.hidden).toBeGreaterThan(100);
    expect(emb.dimensions).toBe(model.hidden);
    for (const v of vectors) {
      expect(v).toHaveLength(model.hidden);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect((await emb.embedQuery('refund')).length).toBe(model.hidden);
    expect((await import('@huggingface/transformers')).env.allowRemoteModels).toBe(false);
  });

  it('runs the real tokenizer and graph: mean pooling of the words, punctuation and specials silent, unknown words on [UNK]', async () => {
    const [v] = await emb.embedDocuments(['REFUND, refund: Order?']);
    const dim = (word: string) => model.vocab.indexOf(word) - (model.vocab.indexOf(fixtureWords[0]!) - 1);
    // Two "refund" tokens, one "order", one unknown ":" → mean ∝ (2, 1, 1), normalised.
    const n = Math.sqrt(2 * 2 + 1 + 1);
    expect(v![dim('refund')]).toBeCloseTo(2 / n, 5);
    expect(v![dim('order')]).toBeCloseTo(1 / n, 5);
    expect(v![0]).toBeCloseTo(1 / n, 5);
    expect(v!.filter((x) => x !== 0)).toHaveLength(3);
  });

  it('is deterministic, across calls and across instances', async () => {
    const texts = ['Where is my order?', 'Gdzie jest moja przesyłka?'];
    const a = await emb.embedDocuments(texts);
    const b = await emb.embedDocuments(texts);
    const c = await make({ model: model.dir, modelsDir: undefined }).embedDocuments(texts);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('puts texts that share words closer than texts that share none', async () => {
    const [a, b, c] = await emb.embedDocuments(['How long does a refund take?', 'When will I get my refund?', 'Which payment methods do you accept?']);
    // Six words each, one shared ("refund"): cosine 1/6; no word shared: cosine 0.
    expect(dot(a!, b!)).toBeCloseTo(1 / 6, 5);
    expect(dot(a!, c!)).toBeCloseTo(0, 6);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!) + 0.1);
    const [pl1, pl2, pl3] = await emb.embedDocuments(['Ile trwa zwrot pieniędzy?', 'Kiedy otrzymam zwrot pieniędzy?', 'Jak zresetować hasło?']);
    expect(dot(pl1!, pl2!)).toBeCloseTo(2 / 4, 5);
    expect(dot(pl1!, pl3!)).toBeCloseTo(0, 6);
  });

  it('gives the same vectors in batches (with padding) as one by one', async () => {
    const texts = FIXTURE_ENTRIES.flatMap((e) => e.variants.flatMap((v) => [v.question, ...v.alternates.slice(0, 2)]));
    const batched = await make({ batchSize: 4 }).embedDocuments(texts);
    const single: number[][] = [];
    for (const t of texts) single.push(await emb.embedQuery(t));
    expect(batched).toHaveLength(texts.length);
    expect(maxDiff(batched, single)).toBeLessThan(1e-6);
  });

  it('prepends the query and document prefixes, and keys the cache id on them', async () => {
    const e5Style = make({ queryPrefix: 'query: ', documentPrefix: 'passage: ' });
    expect(e5Style.modelId).not.toBe(emb.modelId);
    const [plainQuery, plainPassage] = await emb.embedDocuments(['query: refund order', 'passage: refund order']);
    expect(maxDiff([await e5Style.embedQuery('refund order')], [plainQuery!])).toBeLessThan(1e-6);
    expect(maxDiff(await e5Style.embedDocuments(['refund order']), [plainPassage!])).toBeLessThan(1e-6);
  });

  it('reports a missing or incomplete model folder with the folder and the files expected', async () => {
    const missing = () => make({ model: 'test-org/not-there' });
    expect(missing).toThrow(KnowledgeError);
    expect(missing).toThrow(path.join(modelsDir, 'test-org', 'not-there'));
    expect(missing).toThrow(/config\.json, tokenizer\.json, tokenizer_config\.json, onnx\/model\.onnx/);

    const partial = path.join(modelsDir, 'partial');
    await cp(model.dir, partial, { recursive: true });
    await rm(path.join(partial, 'onnx'), { recursive: true });
    expect(() => make({ model: partial })).toThrow(new RegExp(`${partial.replace(/[\\/.]/g, '\\$&')}.*missing onnx/model\\.onnx`));
    // dtype picks the weights file: q8 wants the quantized one, which this folder lacks.
    expect(() => make({ dtype: 'q8' })).toThrow(/missing onnx\/model_quantized\.onnx/);
    expect(expectedModelFiles('q8')).toContain('onnx/model_quantized.onnx');
    // A model id needs a models folder to be looked up in.
    expect(() => new TransformersEmbeddings({ model: 'test-org/tiny-bert' })).toThrow(/no models folder/);
  });

  it('reports an unreadable model as a KnowledgeError when it is first used', async () => {
    const broken = path.join(modelsDir, 'broken');
    await cp(model.dir, broken, { recursive: true });
    await cp(path.join(broken, 'config.json'), path.join(broken, 'onnx', 'model.onnx'));
    const e = make({ model: broken });
    await expect(e.embedQuery('refund')).rejects.toThrow(KnowledgeError);
    await expect(e.embedQuery('refund')).rejects.toThrow(broken);
  });

  describe('behind CachedEmbeddings and the KnowledgeBase', () => {
    const kbs: Array<{ kb: KnowledgeBase; embeddings: CachedEmbeddings }> = [];
    beforeAll(async () => {
      for (const [name, languages] of [['multilingual', ['*']], ['english', ['en']]] as const) {
        const embeddings = new CachedEmbeddings(make({ languages: [...languages] }));
        const kb = await KnowledgeBase.open({ dir: path.join(tmp, `kb-${name}`), embeddings });
        await kb.publish(FIXTURE_ENTRIES, { note: 'tiny transformers model' });
        kbs.push({ kb, embeddings });
      }
    });

    it('embeds every row once (and the generic outliers and answer probes calibration asks), and nothing on an unchanged republish', async () => {
      const { kb, embeddings } = kbs[0]!;
      const texts = new Set(FIXTURE_ENTRIES.flatMap((e) => e.variants.flatMap((v) => [v.question, ...v.alternates])));
      for (const e of FIXTURE_ENTRIES) for (const v of e.variants) texts.add(answerProbe(renderPlainText(v.answer), v.lang));
      for (const lang of new Set(FIXTURE_ENTRIES.flatMap((e) => e.variants.map((v) => v.lang)))) for (const q of outlierQuestions(lang)) texts.add(q);
      expect(embeddings.computed).toBe(texts.size);
      await kb.publish(FIXTURE_ENTRIES, { note: 'same again' });
      expect(embeddings.computed).toBe(texts.size);
    });

    it.each([
      ['how long does my refund take', 'en', 'refund-timing'],
      ['ile kosztuje wysyłka', 'pl', 'delivery-cost'],
      ['zapomniałem hasła do konta', 'pl', 'reset-password'],
    ])('a multilingual model gives a dense signal in every language: %s', async (q, lang, expected) => {
      const top = (await kbs[0]!.kb.match(q, lang)).candidates[0]!;
      expect(top.entryId).toBe(expected);
      expect(top.signals.dense).toBeGreaterThan(0);
    });

    it('a model declared English-only gives Polish no dense signal', async () => {
      const m = await kbs[1]!.kb.match('ile kosztuje wysyłka', 'pl');
      expect(m.candidates[0]?.entryId).toBe('delivery-cost');
      expect(m.candidates.every((c) => c.signals.dense === 0)).toBe(true);
      expect((await kbs[1]!.kb.match('how much does delivery cost', 'en')).candidates[0]!.signals.dense).toBeGreaterThan(0);
    });

    it('never tried to reach the network', () => {
      expect(fetched).toEqual([]);
    });
  });
});
