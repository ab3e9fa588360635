import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir, warmEmbeddingCache } from '../app/test-support.ts';
import { CachedEmbeddings, UseLiteEmbeddings } from './embeddings.ts';
import { FileEmbeddingCache } from './embedding-cache-file.ts';
import { loadConversationEntries } from './conversation-entries.ts';
import { KnowledgeBase } from './knowledge-base.ts';
import { FIXTURE_ENTRIES } from './test-fixtures.ts';
import type { FaqEntry } from './types.ts';
import { trainingCache, useTrainingCache } from './training-cache.ts';

describe('KnowledgeBase', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let kb: KnowledgeBase;
  let embeddings: CachedEmbeddings;

  beforeAll(async () => {
    dir = await tempDir();
    embeddings = new CachedEmbeddings(new UseLiteEmbeddings(), new FileEmbeddingCache(await warmEmbeddingCache(`${dir.dir}/emb`)));
    kb = await KnowledgeBase.open({ dir: dir.dir, embeddings });
    await kb.publish(FIXTURE_ENTRIES, { note: 'first' });
  });
  afterAll(() => dir.cleanup());

  it.each([
    ['how can I give back something I purchased', 'en', 'return-an-item'],
    ['my parcel still has not come', 'en', 'track-order'],
    ['do you accept paypal', 'en', 'payment-methods'],
    ['chcę zwrócić kupione produkty', 'pl', 'return-an-item'],
    ['ile kosztuje wysyłka', 'pl', 'delivery-cost'],
    ['nie pamiętam hasła do konta', 'pl', 'reset-password'],
  ])('ranks the right entry first: %s', async (q, lang, expected) => {
    const m = await kb.match(q, lang);
    expect(m.candidates[0]?.entryId).toBe(expected);
    expect(m.candidates[0]!.confidence).toBeGreaterThan(m.candidates[1]!.confidence);
  });

  it('reads the English words of a Polish question in English: "czy mogę zmienić password?"', async () => {
    // "czy mogę" (can I) is how the Polish payment and return phrasings begin; "password" is no
    // Polish entry's word but the English reset-password entry's.
    const m = await kb.match('czy mogę zmienić password?', 'pl');
    expect(m.candidates[0]).toMatchObject({ entryId: 'reset-password', lang: 'pl', title: 'Jak zresetować hasło?' });
    expect(m.candidates[0]!.confidence).toBeGreaterThan(0.5);
    expect((await kb.match('ile kosztuje shipping?', 'pl')).candidates[0]?.entryId).toBe('delivery-cost');
  });

  it('offers the entries a one-word topic names instead of answering one: "order"', async () => {
    // "order" is in phrasings of returns, tracking and payment; "password" only in reset-password's.
    const order = (await kb.match('order', 'en')).candidates;
    expect(order.map((c) => c.entryId).slice(0, 3).sort()).toEqual(['payment-methods', 'return-an-item', 'track-order']);
    expect(Math.max(...order.map((c) => c.confidence))).toBeLessThan(0.5);
    expect((await kb.match('password', 'en')).candidates[0]).toMatchObject({ entryId: 'reset-password', confidence: 1 });
  });

  it('reads what follows an opening act as a topic when only it names something: "I have a problem with my order"', async () => {
    const talk = await KnowledgeBase.open({ dir: `${dir.dir}/with-talk`, embeddings });
    await talk.publish([...FIXTURE_ENTRIES, ...await loadConversationEntries()]);
    // "I have a problem" is an opening act; "order" is in phrasings of returns, tracking and payment.
    const vague = (await talk.match('I have a problem with my order', 'en')).candidates.filter((c) => !c.entryId.startsWith('conversation-'));
    expect(Math.max(...vague.map((c) => c.confidence))).toBeLessThan(0.5);
    // English words beside nothing but small talk, in a Polish message ("chcę order", I want
    // order): read as "order" alone would be in English.
    const mixed = (await talk.match('chcę order', 'pl')).candidates.filter((c) => !c.entryId.startsWith('conversation-'));
    expect(Math.max(...mixed.map((c) => c.confidence))).toBeLessThan(0.5);
    expect(mixed.slice(0, 3).map((c) => c.entryId).sort()).toEqual(['payment-methods', 'return-an-item', 'track-order']);
    // The same where the opening is a clause of its own ("Hello there, my order").
    const clause = (await talk.match('Hello there, my order', 'en')).candidates.filter((c) => !c.entryId.startsWith('conversation-'));
    expect(Math.max(...clause.map((c) => c.confidence))).toBeLessThan(0.5);
    expect(clause.slice(0, 3).map((c) => c.entryId).sort()).toEqual(['payment-methods', 'return-an-item', 'track-order']);
    // Its English words name a topic as they would in English; English small talk names none.
    expect(talk.mentionsTopic('chcę order', 'pl')).toBe(true);
    expect(talk.mentionsTopic('dzięki, thanks', 'pl')).toBe(false);
    // A question after the opening act is still answered.
    expect((await talk.match('hi, how do I reset my password?', 'en')).candidates[0]).toMatchObject({ entryId: 'reset-password' });
    expect((await talk.match('hi, how do I reset my password?', 'en')).candidates[0]!.confidence).toBeGreaterThan(0.5);
  });

  it('finds a topic in any form of its word, and offers the candidates of what follows the opening act: "mam problem z kontami"', async () => {
    const polish = (id: string, phrasings: string[]): FaqEntry => ({ id, tags: [], related: [], status: 'published', variants: [{ lang: 'pl', question: phrasings[0]!, alternates: phrasings.slice(1), answer: `${id}.` }] });
    const accounts = await KnowledgeBase.open({ dir: `${dir.dir}/accounts`, embeddings });
    await accounts.publish([
      polish('delete-account', ['Jak usunąć konto?', 'Chcę usunąć swoje konto', 'likwidacja konta']),
      polish('create-account', ['Jak założyć konto?', 'rejestracja konta', 'Czy mogę mieć dwa konta?']),
      polish('change-email', ['Jak zmienić e-mail w koncie?', 'zmiana adresu e-mail na koncie', 'nowy e-mail do konta']),
      polish('wrong-item', ['Mam problem z przesyłką, przyszedł zły produkt', 'Dostałem nie ten produkt', 'problem z produktem w paczce']),
      polish('delivery-cost', ['Ile kosztuje dostawa?', 'koszt wysyłki', 'Czy dostawa jest darmowa?']),
      ...await loadConversationEntries(),
    ]);
    // "mam problem" opens; "kontami" is in no phrasing and two letters from "konta" (no typo to
    // correct): the dictionary's stem "konto" finds the three account entries. The whole message's
    // own candidates are led by wrong-item, whose phrasings say "problem".
    const asked = (await accounts.match('mam problem z kontami', 'pl')).candidates.filter((c) => !c.entryId.startsWith('conversation-'));
    expect(asked.slice(0, 3).map((c) => c.entryId).sort()).toEqual(['change-email', 'create-account', 'delete-account']);
    expect(Math.max(...asked.map((c) => c.confidence))).toBeLessThan(0.5);
    // The same with the trouble said last ("with the accounts, there is a problem").
    const last = (await accounts.match('z kontami jest problem', 'pl')).candidates.filter((c) => !c.entryId.startsWith('conversation-'));
    expect(last.slice(0, 3).map((c) => c.entryId).sort()).toEqual(['change-email', 'create-account', 'delete-account']);
    expect(Math.max(...last.map((c) => c.confidence))).toBeLessThan(0.5);
  });

  it('gives an unrelated question a lower confidence than a paraphrase', async () => {
    const unrelated = await kb.match('what is the capital of France', 'en');
    const paraphrase = await kb.match('how do I send an item back to you', 'en');
    expect(paraphrase.candidates[0]!.confidence).toBeGreaterThan(unrelated.candidates[0]?.confidence ?? 0);
  });

  it('learns from the bundled off-topic questions to give chatter far from every phrasing a lower confidence', async () => {
    // None of these is in knowledge/outliers/en.txt: the calibrator must generalise, not look them up.
    const offTopic = ['who sang bohemian rhapsody', 'how do I knit a scarf', 'what is the tallest building in the world', 'can you recommend a podcast', 'good afternoon my friend'];
    const without = await KnowledgeBase.open({ dir: `${dir.dir}/no-outliers`, embeddings, genericOutliers: false });
    await without.publish(FIXTURE_ENTRIES);
    const mean = async (k: KnowledgeBase) => {
      let sum = 0;
      for (const q of offTopic) sum += (await k.match(q, 'en')).candidates[0]?.confidence ?? 0;
      return sum / offTopic.length;
    };
    const [calibrated, uncalibrated] = [await mean(kb), await mean(without)];
    expect(calibrated).toBeLessThan(uncalibrated - 0.01);
    // A question the knowledge base answers keeps its entry first, and its confidence does not drop.
    const [answered, answeredWithout] = [await kb.match('how do I send an item back to you', 'en'), await without.match('how do I send an item back to you', 'en')];
    expect(answered.candidates[0]?.entryId).toBe('return-an-item');
    expect(answered.candidates[0]!.confidence).toBeGreaterThanOrEqual(answeredWithout.candidates[0]!.confidence);
  });

  it('says how much nearer a question is to generic chatter than to the entry, and keeps that after a reopen', async () => {
    const greeting = 'hello sir, good day to you';
    const chatter = (await kb.match(greeting, 'en')).candidates[0]!;
    expect(chatter.signals.chatter).toBeLessThan(-0.05);
    const paraphrase = (await kb.match('how do I send an item back to you', 'en')).candidates[0]!;
    expect(paraphrase.signals.chatter).toBe(0);
    // The outliers' vectors are not in the snapshot: a reopened knowledge base recomputes them.
    const reopened = (await (await KnowledgeBase.open({ dir: dir.dir, embeddings })).match(greeting, 'en')).candidates[0]!;
    expect(reopened.signals.chatter).toBeCloseTo(chatter.signals.chatter!, 6);
    expect(reopened.confidence).toBeCloseTo(chatter.confidence, 6);
    // Polish has no embedder here: it is compared with the outliers' words instead (next test).
  });

  // The inbox asks this of every stored question on each list; a new version's answers are its own
  // (admin/unanswered's synonym test: a word added as a synonym is no longer offered).
  it('gives a question\'s unknown words again from memory, the same however the caller used them', () => {
    const first = kb.unknownWords('kiedy oddacie szmal', 'pl');
    expect(first).toContain('szmal');
    first.length = 0;
    expect(kb.unknownWords('kiedy oddacie szmal', 'pl')).toContain('szmal');
  });

  it('compares a question in a language without an embedder with the generic outliers by its words, and keeps that after a reopen', async () => {
    // Nearer the outliers' "jaka jest dziś pogoda" (what is the weather today) than any phrasing.
    const weather = 'jaka będzie jutro pogoda';
    const chatter = (await kb.match(weather, 'pl')).candidates[0]!;
    expect(chatter.signals.chatter).toBeLessThan(-0.05);
    const question = (await kb.match('gdzie jest moja przesyłka', 'pl')).candidates[0]!;
    expect(question.entryId).toBe('track-order');
    expect(question.signals.chatter).toBe(0);
    // Without the outliers there is nothing to be nearer to, and the chatter costs no confidence.
    const without = await KnowledgeBase.open({ dir: `${dir.dir}/no-outliers-pl`, embeddings, genericOutliers: false });
    await without.publish(FIXTURE_ENTRIES);
    expect((await without.match(weather, 'pl')).candidates[0]!.signals.chatter).toBe(0);
    // The outliers' lexical vectors are not in the snapshot: a reopened knowledge base makes them again.
    const reopened = (await (await KnowledgeBase.open({ dir: dir.dir, embeddings })).match(weather, 'pl')).candidates[0]!;
    expect(reopened.signals.chatter).toBeCloseTo(chatter.signals.chatter!, 6);
    expect(reopened.confidence).toBeCloseTo(chatter.confidence, 6);
  });

  it('reads past a typo as if it were spelt right, in every language', async () => {
    for (const [typed, spelt, lang, expected] of [
      ['I forgot my pasword', 'I forgot my password', 'en', 'reset-password'],
      ['how do I trakc my parcel', 'how do I track my parcel', 'en', 'track-order'],
      ['jak sledzic paczke', 'jak śledzić paczkę', 'pl', 'track-order'],
      ['ile kosztuje dostwa', 'ile kosztuje dostawa', 'pl', 'delivery-cost'],
    ] as const) {
      const [withTypo, right] = [await kb.match(typed, lang), await kb.match(spelt, lang)];
      expect(withTypo.candidates[0]?.entryId).toBe(expected);
      expect(withTypo.candidates[0]!.confidence).toBeCloseTo(right.candidates[0]!.confidence, 2);
    }
  });

  it('reads a real word as typed, not as the knowledge base word one edit away', async () => {
    // "lost" is one edit from the knowledge base's "cost" (delivery-cost); the English dictionary
    // keeps it from being read as that.
    const [typed, misread] = [await kb.match('my parcel got lost', 'en'), await kb.match('my parcel got cost', 'en')];
    expect(typed.candidates[0]?.entryId).toBe('track-order');
    expect(typed.candidates[0]!.confidence).toBeGreaterThan(misread.candidates[0]!.confidence + 0.2);
    expect(typed.candidates.find((c) => c.entryId === 'delivery-cost')?.confidence ?? 0).toBeLessThan(misread.candidates.find((c) => c.entryId === 'delivery-cost')!.confidence);
  });

  it('skips the phrasings of entries too unlikely to win, with the same best candidate and confidence', async () => {
    let skipped = 0;
    for (const [text, lang] of [
      ['How do I reset my password?', 'en'], ['my parcel still has not come', 'en'], ['what is the weather tomorrow', 'en'],
      ['refund', 'en'], ['jak śledzić paczkę', 'pl'], ['nie pamiętam hasła do konta', 'pl'],
    ] as const) {
      const [fast, full] = [(await kb.match(text, lang)).candidates, (await kb.match(text, lang, 5, { exhaustive: true })).candidates];
      expect(fast[0]!.entryId).toBe(full[0]!.entryId);
      expect(fast[0]!.confidence).toBeCloseTo(full[0]!.confidence, 9);
      expect(fast[0]!.signals).toEqual(full[0]!.signals);
      skipped += fast.filter((c, i) => c.signals.lexical === 0 && full[i]!.signals.lexical > 0).length;
    }
    expect(skipped).toBeGreaterThan(0);
  });

  it('reports each signal', async () => {
    const top = (await kb.match('How do I reset my password?', 'en', 5, { fullText: true })).candidates[0]!;
    expect(top.signals.dense).toBeGreaterThan(0.9);
    expect(top.signals.lexical).toBeGreaterThan(0.9);
    expect(top.signals.bm25).toBeGreaterThan(0);
  });

  it('runs full-text search by default only where there is no dense search', async () => {
    const en = (await kb.match('How do I reset my password?', 'en')).candidates[0]!;
    expect(en.signals.dense).toBeGreaterThan(0.9);
    expect(en.signals.bm25).toBe(0);
    // Same answer and confidence either way: the full-text hits only add candidates.
    const withFullText = (await kb.match('How do I reset my password?', 'en', 5, { fullText: true })).candidates[0]!;
    expect(withFullText.entryId).toBe(en.entryId);
    expect(withFullText.confidence).toBeCloseTo(en.confidence, 6);
    // Polish has no dense search with this embedder: full-text retrieval runs.
    expect((await kb.match('nie pamiętam hasła do konta', 'pl')).candidates[0]!.signals.bm25).toBeGreaterThan(0);
  });

  it('asks the embedder for a question and its clauses at once, so they can share one model call', async () => {
    let answered = 0;
    const seenAnswered: number[] = [];
    const embedQuery = embeddings.embedQuery.bind(embeddings);
    const spy = vi.spyOn(embeddings, 'embedQuery').mockImplementation(async (text) => {
      seenAnswered.push(answered);
      const vector = await embedQuery(text);
      answered++;
      return vector;
    });
    try {
      const m = await kb.match('I bought a lamp last week and I do not like it, how can I give it back?', 'en');
      expect(m.candidates[0]?.entryId).toBe('return-an-item');
      // The whole question and each clause: all asked before any was answered.
      expect(seenAnswered.length).toBeGreaterThan(1);
      expect(seenAnswered.every((n) => n === 0)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('embeds a prefetched question ahead of its match, for that match only, with the same result', async () => {
    const q = 'I bought a lamp last week and I do not like it, how can I give it back?';
    const plain = await kb.match(q, 'en');
    const asked: string[] = [];
    const embedQuery = embeddings.embedQuery.bind(embeddings);
    const spy = vi.spyOn(embeddings, 'embedQuery').mockImplementation((text) => {
      asked.push(text);
      return embedQuery(text);
    });
    try {
      kb.prefetch(q, 'en');
      // The whole question and its clauses, asked before the match starts.
      const ahead = asked.length;
      expect(ahead).toBeGreaterThan(1);
      const m = await kb.match(q, 'en');
      expect(asked).toHaveLength(ahead);
      expect(m.candidates.map((c) => [c.entryId, c.confidence])).toEqual(plain.candidates.map((c) => [c.entryId, c.confidence]));
      // Taken by the match it served: the next match embeds again.
      await kb.match(q, 'en');
      expect(asked).toHaveLength(2 * ahead);
      // Nothing where the language's matcher uses no embeddings.
      kb.prefetch('nie pamiętam hasła do konta', 'pl');
      expect(asked).toHaveLength(2 * ahead);
      // But its English words, which the English matcher reads: embedded ahead, and only once.
      kb.prefetch('czy mogę zmienić password?', 'pl');
      expect(asked).toHaveLength(2 * ahead + 1);
      await kb.match('czy mogę zmienić password?', 'pl');
      expect(asked).toHaveLength(2 * ahead + 1);
    } finally {
      spy.mockRestore();
    }
  });

  it('runs the vector search only when asked: the classifier\'s favourites already hold the answer', async () => {
    const reader = (kb as unknown as { active: { reader: { nearest: (...a: unknown[]) => Promise<unknown> } } }).active.reader;
    const nearest = vi.spyOn(reader, 'nearest');
    try {
      const plain = (await kb.match('my parcel still has not come', 'en')).candidates;
      expect(nearest).not.toHaveBeenCalled();
      const searched = (await kb.match('my parcel still has not come', 'en', 5, { denseSearch: true })).candidates;
      expect(nearest).toHaveBeenCalledTimes(1);
      expect(searched.map((c) => c.entryId)).toEqual(plain.map((c) => c.entryId));
      expect(searched[0]!.confidence).toBeCloseTo(plain[0]!.confidence, 6);
    } finally {
      nearest.mockRestore();
    }
  });

  it('falls back to the default language when the question language has no content', async () => {
    const m = await kb.match('where is my order', 'de');
    expect(m.lang).toBe('en');
  });

  it('reads a language tag as its language ("pl-PL" is Polish), falling back as a language would', () => {
    expect(kb.searchLanguage('pl-PL')).toBe('pl');
    expect(kb.searchLanguage('PL')).toBe('pl');
    expect(kb.searchLanguage('pl_PL')).toBe('pl');
    expect(kb.searchLanguage('de-DE')).toBe('en');
  });

  it('republishing unchanged content embeds nothing', async () => {
    const before = embeddings.computed;
    await kb.publish(FIXTURE_ENTRIES, { note: 'same again' });
    expect(embeddings.computed).toBe(before);
  });

  it('embeds only the texts of languages the embedder covers, and still matches the others', async () => {
    const asked: string[] = [];
    const recording = {
      modelId: embeddings.modelId, languages: embeddings.languages,
      embedDocuments: (texts: string[]) => { asked.push(...texts); return embeddings.embedDocuments(texts); },
      embedQuery: (text: string) => { asked.push(text); return embeddings.embedQuery(text); },
    };
    const k = await KnowledgeBase.open({ dir: `${dir.dir}/covered-only`, embeddings: recording });
    await k.publish(FIXTURE_ENTRIES);
    const polish = FIXTURE_ENTRIES.flatMap((e) => e.variants.filter((v) => v.lang === 'pl').flatMap((v) => [v.question, ...v.alternates]));
    const english = FIXTURE_ENTRIES.flatMap((e) => e.variants.filter((v) => v.lang === 'en').map((v) => v.question));
    expect(polish.length).toBeGreaterThan(0);
    expect(asked).toEqual(expect.arrayContaining(english));
    expect(asked.filter((t) => polish.includes(t))).toEqual([]);
    expect((await k.match('nie pamiętam hasła do konta', 'pl')).candidates[0]?.entryId).toBe('reset-password');
    expect((await k.match('my parcel still has not come', 'en')).candidates[0]?.entryId).toBe('track-order');
  });

  it('keeps the cache on disk across restarts', async () => {
    const fresh = new CachedEmbeddings(new UseLiteEmbeddings(), new FileEmbeddingCache(`${dir.dir}/emb`));
    await fresh.embedDocuments(FIXTURE_ENTRIES.map((e) => e.variants[0]!.question));
    expect(fresh.computed).toBe(0);
  });

  it('publishes new versions and rolls back to an earlier one', async () => {
    const extra = { id: 'gift-cards', tags: [], related: [], status: 'published' as const,
      variants: [{ lang: 'en', question: 'Do you sell gift cards?', alternates: ['Can I buy a gift voucher?', 'gift card for a friend'], answer: 'Yes, from 10 EUR.' }] };
    const before = kb.version!;
    const published = await kb.publish([...FIXTURE_ENTRIES, extra], { note: 'add gift cards' });
    expect(published.version).toBe(before + 1);
    expect((await kb.match('can I buy a gift voucher', 'en')).candidates[0]?.entryId).toBe('gift-cards');

    const rolled = await kb.rollback(before);
    expect(rolled.version).toBe(before + 2);
    expect(kb.entry('gift-cards')).toBeUndefined();
    expect((await kb.match('can I buy a gift voucher', 'en')).candidates.map((c) => c.entryId)).not.toContain('gift-cards');
    const versions = await kb.versions();
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect(versions.at(-1)!.note).toMatch(/rollback/);
  });

  it('reopens at the live version', async () => {
    const live = kb.version;
    const reopened = await KnowledgeBase.open({ dir: dir.dir, embeddings });
    expect(reopened.version).toBe(live);
    expect(reopened.entry('gift-cards')).toBeUndefined();
    expect((await reopened.match('chcę zwrócić kupione produkty', 'pl')).candidates[0]?.entryId).toBe('return-an-item');
  });

  it('keeps the models of a version trained on the same inputs (small talk edited, an edit undone), and retrains when something changed', async () => {
    const weights = (version: number) => Promise.all(['en', 'pl'].map((lang) => readFile(`${dir.dir}/snapshots/v${version}.${lang}.classifier.bin`)));
    const question = 'how can I give back something I purchased';
    // The live version holds the fixture entries (rolled back to them above), opened from disk.
    const reopened = await KnowledgeBase.open({ dir: dir.dir, embeddings });
    const live = reopened.version!;
    const before = await reopened.match(question, 'en');

    // A greeting reply edited: conversation entries are matched apart, never trained on.
    const [greeting, ...otherTalk] = await loadConversationEntries();
    const edited = { ...greeting!, variants: greeting!.variants.map((v) => ({ ...v, answer: `${v.answer} (edited)` })) };
    const talk = await reopened.publish([...FIXTURE_ENTRIES, edited, ...otherTalk], { note: 'small talk edited' });
    expect(talk.reusedModels).toBe(true);
    expect(await weights(talk.version)).toEqual(await weights(live));
    expect(reopened.thresholdReport()).toEqual(kb.thresholdReport());
    expect(reopened.entry(greeting!.id)?.variants[0]?.answer).toMatch(/\(edited\)$/);
    expect(await reopened.match(question, 'en')).toEqual(before);

    // One more phrasing of an entry: trained again, and the new phrasing counts.
    const [first, ...rest] = FIXTURE_ENTRIES;
    const more = { ...first!, variants: first!.variants.map((v) => (v.lang === 'en' ? { ...v, alternates: [...v.alternates, 'I would like to speak about my purchase'] } : v)) };
    // Where it trains is checked here, so not the test run's training cache (app/test-setup.ts).
    const cache = trainingCache();
    useTrainingCache(undefined);
    const retrained = await reopened.publish([more, ...rest], { note: 'one more phrasing' }).finally(() => useTrainingCache(cache?.dir));
    expect(retrained.reusedModels).toBeUndefined();
    expect(retrained.trainedOn).toBe('thread');
    expect((await weights(retrained.version))[0]).not.toEqual((await weights(live))[0]);
    expect((await reopened.match('I would like to speak about my purchase', 'en')).candidates[0]?.entryId).toBe(first!.id);

    // The phrasing taken out again: the earlier version's models come back, untrained.
    const undone = await reopened.publish(FIXTURE_ENTRIES, { note: 'phrasing removed' });
    expect(undone.reusedModels).toBe(true);
    expect(await weights(undone.version)).toEqual(await weights(live));
    expect(await reopened.match(question, 'en')).toEqual(before);

    // The same entries under another training option (the share of wrong answers thresholds are chosen for): trained again.
    const stricter = await KnowledgeBase.open({ dir: dir.dir, embeddings, maxWrongAnswerRate: 0.01 });
    expect((await stricter.publish([more, ...rest])).reusedModels).toBeUndefined();
    expect((await stricter.publish([more, ...rest], { note: 'again' })).reusedModels).toBe(true);
  });
});
