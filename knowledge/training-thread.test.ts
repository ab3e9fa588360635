import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../app/test-support.ts';
import { seededRandom } from './classifier.ts';
import { FIXTURE_ENTRIES } from './test-fixtures.ts';
import { trainLanguages, type TrainingInput } from './train-languages.ts';
import { trainingCache, useTrainingCache } from './training-cache.ts';
import { lexicalOffThread, trainedForm, trainOffThread } from './training-thread.ts';

/** The fixture entries as a publish hands them to training; English "covered", with made-up unit vectors (seeded) as its embeddings. */
function fixtureInput(): TrainingInput {
  const random = seededRandom(3);
  const vector = () => {
    const v = Float32Array.from({ length: 16 }, () => random() - 0.5);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const langs = [...new Set(FIXTURE_ENTRIES.flatMap((e) => e.variants.map((v) => v.lang)))].sort();
  const texts = (lang: string) => FIXTURE_ENTRIES.flatMap((e) => e.variants.filter((v) => v.lang === lang).flatMap((v) => [v.question, ...v.alternates].map((text, i) => ({ rowId: `${e.id}|${lang}|${i}`, entryId: e.id, text }))));
  const answers = (lang: string) => FIXTURE_ENTRIES.flatMap((e) => e.variants.filter((v) => v.lang === lang).map((v) => ({ entryId: e.id, text: v.answer })));
  return {
    docs: [...langs.flatMap((l) => texts(l).map((t) => ({ text: t.text, lang: l }))), ...langs.flatMap((l) => answers(l).map((a) => ({ text: a.text, lang: l })))],
    options: { calibrationSample: 600, outOfScopeRate: 0.25 },
    languages: langs.map((lang) => {
      const covered = lang === 'en';
      const embedded = (text: string) => ({ text, vector: covered ? vector() : new Float32Array(0) });
      return {
        lang, covered,
        rows: texts(lang).map((t) => ({ ...t, ...embedded(t.text) })),
        answers: answers(lang),
        probes: answers(lang).map((a) => ({ entryId: a.entryId, ...embedded(a.text.split('.')[0]!) })),
        outliers: ['what is the weather like', 'tell me a joke'].map(embedded),
      };
    }),
  };
}

describe('trainOffThread', () => {
  // Where it trains is checked here, so not the test run's training cache (app/test-setup.ts).
  const cache = trainingCache();
  beforeAll(() => useTrainingCache(undefined));
  afterAll(() => useTrainingCache(cache?.dir));

  it('trains on the training thread, and makes exactly the models training on this thread makes', async () => {
    const input = fixtureInput();
    expect(input.languages.map((l) => l.lang)).toEqual(['en', 'pl']);
    const off = await trainOffThread(input);
    expect(off.error).toBeUndefined();
    expect(off.ranOn).toBe('thread');
    const trainedHere = await trainLanguages(input);
    const here = trainedHere.models.map(trainedForm);
    expect(off.languages.map((l) => l.model)).toEqual(here.map((l) => l.model));
    for (const [i, l] of off.languages.entries()) expect(Buffer.from(l.weights).equals(Buffer.from(here[i]!.weights)), l.model.lang).toBe(true);
    // The lexical model comes back as its state, rebuilt here: it reads texts as the one built here does.
    const rebuilt = off.lexical;
    expect(rebuilt.size).toBe(trainedHere.lexical.size);
    for (const [text, lang] of [['how do I send back a prodcut', 'en'], ['kiedy dostane zwrot pieniedzy', 'pl'], ['zupełnie nowe słowa', 'pl']] as const) {
      expect(rebuilt.vectorize(text, lang)).toEqual(trainedHere.lexical.vectorize(text, lang));
      expect(rebuilt.correct(text, lang)).toBe(trainedHere.lexical.correct(text, lang));
    }
    // A lexical model alone, as a publish that keeps its models or a rollback asks for it.
    const alone = await lexicalOffThread(input.docs);
    expect(alone.size).toBe(trainedHere.lexical.size);
    expect(alone.vectorize('how do I send back a prodcut', 'en')).toEqual(trainedHere.lexical.vectorize('how do I send back a prodcut', 'en'));
    // The thread serves the next publish too (it is kept while in use).
    const again = await trainOffThread(input);
    expect(again.ranOn).toBe('thread');
    expect(again.languages.map((l) => l.model)).toEqual(here.map((l) => l.model));
  });
});

describe('trainOffThread with a training cache', () => {
  const saved = trainingCache();
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('faqbot-training-cache-');
    useTrainingCache(dir.dir);
  });
  afterAll(async () => {
    useTrainingCache(saved?.dir);
    await dir.cleanup();
  });

  it('returns what the same input trained, trains anything else, and trains again over a file it cannot read', async () => {
    const input = fixtureInput();
    const first = await trainOffThread(input);
    expect(first.ranOn).toBe('thread');
    const again = await trainOffThread(fixtureInput());
    expect(again.ranOn).toBe('cache');
    expect(again.languages.map((l) => l.model)).toEqual(first.languages.map((l) => l.model));
    for (const [i, l] of again.languages.entries()) expect(Buffer.from(l.weights).equals(Buffer.from(first.languages[i]!.weights)), l.model.lang).toBe(true);
    expect(again.lexical.vectorize('kiedy dostane zwrot pieniedzy', 'pl')).toEqual(first.lexical.vectorize('kiedy dostane zwrot pieniedzy', 'pl'));

    // Equal texts are one key however V8 holds them (here: sliced from a text with a character
    // outside Latin-1, so kept two bytes a character).
    const copied = fixtureInput();
    for (const l of copied.languages) for (const r of l.rows) r.text = `${r.text}\u0142`.slice(0, -1);
    expect((await trainOffThread(copied)).ranOn).toBe('cache');

    // Anything that changes training is another key: an option, one vector component.
    const stricter = { ...fixtureInput(), options: { ...input.options, outOfScopeRate: 0.3 } };
    expect((await trainOffThread(stricter)).ranOn).toBe('thread');
    const nudged = fixtureInput();
    nudged.languages[0]!.rows[0]!.vector[0]! += 1e-6;
    expect((await trainOffThread(nudged)).ranOn).toBe('thread');

    // A damaged file is not a result: trained again, and stored again.
    const files = (await readdir(dir.dir)).filter((f) => f.endsWith('.v8'));
    expect(files).toHaveLength(3);
    for (const f of files) await writeFile(path.join(dir.dir, f), 'not a training result');
    expect((await trainOffThread(fixtureInput())).ranOn).toBe('thread');
    expect((await trainOffThread(fixtureInput())).ranOn).toBe('cache');
  });
});
