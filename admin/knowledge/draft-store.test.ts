import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres } from '../../app/test-support.ts';
import { migrate, type Database } from '../../bot/index.ts';
import type { FaqEntry } from '../../knowledge/index.ts';
import { DraftStore } from './draft-store.ts';
import { KnowledgeEditError } from './errors.ts';

const implementations: Array<{ name: string; open(): Promise<{ db: Database; cleanup(): Promise<void> }> }> = [
  { name: 'PGlite (embedded)', open: freshPglite },
  { name: 'PostgreSQL server', open: freshPostgres },
];

const editor = { id: 'u-1', email: 'editor@example.test' };
const other = { id: 'u-2', email: 'other@example.test' };

const entry = (id: string, question = `Question ${id}?`): FaqEntry => ({
  id, tags: ['t'], related: [], status: 'published', category: 'c',
  variants: [{ lang: 'en', question, alternates: ['Another way to ask'], answer: `Answer for **${id}**.` }],
});

const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(KnowledgeEditError);
  return err as KnowledgeEditError;
};

describe.each(implementations)('DraftStore on $name', ({ open }) => {
  let env: { db: Database; cleanup(): Promise<void> };
  let drafts: DraftStore;

  beforeAll(async () => {
    env = await open();
    await migrate(env.db);
    drafts = new DraftStore(env.db);
  });
  afterAll(() => env?.cleanup());

  it('seeds an empty table once, from the live entries', async () => {
    expect(await drafts.seedIfEmpty([entry('seed-a'), entry('seed-b')])).toBe(true);
    expect(await drafts.seedIfEmpty([entry('seed-c')])).toBe(false);
    expect((await drafts.entries()).map((e) => e.id)).toEqual(['seed-a', 'seed-b']);
    expect(await drafts.get('seed-a')).toMatchObject({ revision: 1, updatedBy: undefined });
  });

  it('creates, updates with the current revision, and refuses a stale one', async () => {
    const created = await drafts.create(entry('shipping'), editor);
    expect(created).toMatchObject({ revision: 1, updatedBy: editor.email, entry: entry('shipping') });
    expect((await refusal(drafts.create(entry('shipping'), other))).code).toBe('exists');

    const changed = { ...entry('shipping'), tags: ['delivery'] };
    const saved = await drafts.update('shipping', changed, 1, editor);
    expect(saved.revision).toBe(2);
    const stale = await refusal(drafts.update('shipping', entry('shipping', 'Overwritten?'), 1, other));
    expect(stale).toMatchObject({ code: 'stale_revision', status: 409, data: { revision: 2 } });
    expect((await drafts.get('shipping'))!.entry.tags).toEqual(['delivery']);
    expect((await refusal(drafts.update('nope', entry('nope'), 1, editor))).code).toBe('not_found');
    expect((await refusal(drafts.update('shipping', entry('renamed'), 2, editor))).code).toBe('invalid');
  });

  it('lets exactly one of two concurrent saves of the same revision win', async () => {
    const { revision } = await drafts.create(entry('race'), editor);
    const results = await Promise.allSettled([
      drafts.update('race', entry('race', 'First?'), revision, editor),
      drafts.update('race', entry('race', 'Second?'), revision, other),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && (r.reason as KnowledgeEditError).code === 'stale_revision')).toHaveLength(1);
  });

  it('validates entries: id slug, a variant, non-empty question and answer, unique languages', async () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ ...entry('x'), id: 'has space' }, /^id:/],
      [{ ...entry('x'), variants: [] }, /at least one language/],
      [{ ...entry('x'), variants: [{ lang: 'en', question: '  ', answer: 'a' }] }, /question is empty/],
      [{ ...entry('x'), variants: [{ lang: 'en', question: 'q', answer: '' }] }, /answer is empty/],
      [{ ...entry('x'), variants: [{ lang: 'en', question: 'q', answer: 'a' }, { lang: 'EN', question: 'q2', answer: 'b' }] }, /"en" appears twice/],
      [{ ...entry('x'), variants: [{ lang: 'english', question: 'q', answer: 'a' }] }, /language code/],
      [{ ...entry('x'), tags: ['a,b'] }, /comma/],
      [{ ...entry('x'), variants: [{ lang: 'en', question: 'two\nlines', answer: 'a' }] }, /one line/],
    ];
    for (const [input, message] of bad) {
      const err = await refusal(drafts.create(input, editor));
      expect(err.code).toBe('invalid');
      expect(err.message).toMatch(message);
      expect(err.data.details?.length).toBeGreaterThan(0);
    }
    expect(await drafts.get('x')).toBeUndefined();
    // Blank alternates and tags are dropped, text is trimmed, language codes lower-cased.
    const ok = await drafts.create({ id: 'tidy', tags: ['', ' a '], variants: [{ lang: 'PL', question: ' Pytanie? ', alternates: ['', 'Inne'], answer: ' Odpowiedź ' }] }, editor);
    expect(ok.entry).toEqual({ id: 'tidy', tags: ['a'], related: [], status: 'published', variants: [{ lang: 'pl', question: 'Pytanie?', alternates: ['Inne'], answer: 'Odpowiedź' }] });
  });

  it('removes with the current revision, and lets the id be used again', async () => {
    const { revision } = await drafts.create(entry('gone'), editor);
    expect((await refusal(drafts.remove('gone', revision + 5, editor))).code).toBe('stale_revision');
    await drafts.remove('gone', revision, editor);
    expect(await drafts.get('gone')).toBeUndefined();
    expect((await drafts.entries()).map((e) => e.id)).not.toContain('gone');
    const again = await drafts.create(entry('gone'), editor);
    expect(again.revision).toBe(revision + 2);
  });

  it('adds alternates in a language, skipping ones the entry already has', async () => {
    await drafts.create(entry('alts', 'How do I pay?'), editor);
    const { record, added } = await drafts.addAlternates('alts', 'en', ['can i pay by card', 'ANOTHER WAY TO ASK', 'how do i pay?', 'can I pay by card', '  '], other);
    expect(added).toEqual(['can i pay by card']);
    expect(record.entry.variants[0]!.alternates).toEqual(['Another way to ask', 'can i pay by card']);
    expect(record.updatedBy).toBe(other.email);
    const none = await drafts.addAlternates('alts', 'en', ['Can I pay by card'], other);
    expect(none.added).toEqual([]);
    expect(none.record.revision).toBe(record.revision);
    expect((await refusal(drafts.addAlternates('alts', 'pl', ['x'], other))).code).toBe('not_found');
    expect((await refusal(drafts.addAlternates('missing', 'en', ['x'], other))).code).toBe('not_found');
  });

  it('replaces everything in one transaction, or nothing when an entry is invalid', async () => {
    const before = await drafts.entries();
    const mark = await drafts.changeMark();
    const invalid = await refusal(drafts.replaceAll([entry('new-one'), { ...entry('broken'), variants: [] }], editor, 'import'));
    expect(invalid.message).toMatch(/^entry 2: /);
    expect(await drafts.entries()).toEqual(before);
    expect(await drafts.changeMark()).toBe(mark);

    const kept = before.filter((e) => e.id !== 'seed-b');
    const next = [...kept.map((e) => (e.id === 'seed-a' ? { ...e, tags: ['changed'] } : e)), entry('new-one')];
    const diff = await drafts.replaceAll(next, editor, 'import');
    expect(diff).toEqual({ added: ['new-one'], changed: ['seed-a'], removed: ['seed-b'], unchanged: kept.length - 1 });
    expect((await drafts.entries()).map((e) => e.id)).toEqual(next.map((e) => e.id).sort());
    expect(await drafts.changeMark()).not.toBe(mark);
    // Again: nothing to do, and unchanged entries keep their revisions.
    const revisions = (await drafts.records()).map((r) => r.revision);
    expect(await drafts.replaceAll(next, editor, 'import')).toMatchObject({ added: [], changed: [], removed: [] });
    expect((await drafts.records()).map((r) => r.revision)).toEqual(revisions);
  });

  it('records every change in the audit log with actor, before and after', async () => {
    const events = await drafts.audit.list({ entityId: 'shipping' });
    expect(events.map((e) => e.action)).toEqual(['entry.update', 'entry.create']);
    expect(events[0]).toMatchObject({ actor: editor, entityId: 'shipping', before: { tags: ['t'] }, after: { tags: ['delivery'] } });
    expect(Date.parse(events[0]!.at)).not.toBeNaN();
    const latest = await drafts.audit.list({ limit: 1 });
    expect(latest).toHaveLength(1);
    expect(latest[0]).toMatchObject({ action: 'import', entityId: null, after: { added: [], changed: [], removed: [] } });
    expect((await drafts.audit.list({ entityId: 'gone' })).map((e) => e.action)).toEqual(['entry.create', 'entry.delete', 'entry.create']);
  });
});
