import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../app/test-support.ts';
import type { LanguageAwareEmbeddings } from './embeddings.ts';
import { KnowledgeBase } from './knowledge-base.ts';
import { loadKnowledgeFolder } from './load-folder.ts';
import { isFaqEntry, type FaqEntry } from './types.ts';

/** Thai, Arabic and Polish are matched on their words alone: nothing is embedded. */
const ENGLISH_ONLY: LanguageAwareEmbeddings = {
  modelId: 'english-only-stub', languages: ['en'],
  embedDocuments: () => Promise.reject(new Error('nothing here is embedded')),
  embedQuery: () => Promise.reject(new Error('nothing here is embedded')),
};

/** Groups as an editor writes them: each a word the entries use and customers' words for it. */
const SYNONYMS: FaqEntry = {
  id: 'synonyms', tags: [], related: [], status: 'published', kind: 'synonyms',
  variants: [
    { lang: 'th', question: 'คำที่ลูกค้าใช้', alternates: ['เสียหาย, ชำรุด'], answer: 'หนึ่งกลุ่มต่อบรรทัด' },
    { lang: 'ar', question: 'كلمات العملاء', alternates: ['ضمان, كفالة'], answer: 'مجموعة في كل سطر' },
    { lang: 'pl', question: 'Słowa klientów', alternates: ['marketingowe, reklamow*'], answer: 'Jedna grupa w linii.' },
  ],
};

/** Customers' words the sample knowledge base never uses, and the entry each asks about. */
const ASKED = [
  { lang: 'th', text: 'สินค้าชำรุดทำยังไง', entry: 'damaged-item' },
  { lang: 'ar', text: 'كم مدة الكفالة على المنتجات؟', entry: 'warranty' },
  { lang: 'pl', text: 'nie chcę dostawać maili reklamowych', entry: 'newsletter-unsubscribe' },
];

describe('synonyms written by an editor, on the sample knowledge base in Thai, Arabic and Polish', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let kb: KnowledgeBase;
  const before = new Map<string, { top?: string; confidence: number }>();

  beforeAll(async () => {
    dir = await tempDir('faqbot-synonyms-');
    kb = await KnowledgeBase.open({ dir: `${dir.dir}/kb`, embeddings: ENGLISH_ONLY });
    // The sample's own synonyms left out: the question is what one group changes.
    const entries = (await loadKnowledgeFolder('knowledge/sample-kb')).filter(isFaqEntry).map((e) => ({ ...e, variants: e.variants.filter((v) => ['th', 'ar', 'pl'].includes(v.lang)) }));
    await kb.publish(entries);
    for (const q of ASKED) {
      const { candidates } = await kb.match(q.text, q.lang);
      before.set(q.text, { top: candidates[0]?.entryId, confidence: candidates.find((c) => c.entryId === q.entry)?.confidence ?? 0 });
    }
    const published = await kb.publish([...entries, SYNONYMS]);
    // Synonyms are read at match time: the classifiers trained on the same texts are kept.
    expect(published.trainedOn).toBeUndefined();
  }, 300_000);
  afterAll(() => dir?.cleanup());

  it.each(ASKED)('answers "$text" ($lang) from $entry once the group is published, more confidently than before', async (q) => {
    const { candidates } = await kb.match(q.text, q.lang);
    expect(candidates[0]?.entryId).toBe(q.entry);
    expect(candidates[0]!.confidence).toBeGreaterThan(before.get(q.text)!.confidence + 0.1);
  });

  it('never offers the synonyms entry as an answer or lists it among the candidates', async () => {
    for (const text of ['เสียหาย ชำรุด', 'كلمات العملاء', 'Słowa klientów, jedna grupa w linii']) {
      for (const lang of ['th', 'ar', 'pl']) {
        expect((await kb.match(text, lang, 50)).candidates.map((c) => c.entryId)).not.toContain('synonyms');
      }
    }
  });

  it('counts a customer\'s synonym as naming a topic of the FAQ', () => {
    expect(kb.mentionsTopic('ชำรุด', 'th')).toBe(true);
  });
});
