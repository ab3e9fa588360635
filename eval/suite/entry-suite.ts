import { stringify } from 'yaml';
import { isFaqEntry, type FaqEntry } from '../../knowledge/index.ts';

/**
 * A starter suite for a knowledge base: one test per entry and language, asking the entry's own
 * question and expecting that entry, in that language. It checks that every entry still answers
 * its headline question after a change (a regression net, not a measure of accuracy on new
 * wordings: write those by hand, in the customers' words).
 */
export function entrySuiteYaml(entries: FaqEntry[], name = 'Entries answer their own question'): string {
  const tests = entries.filter((e) => e.status === 'published' && isFaqEntry(e)).flatMap((e) => e.variants.filter((v) => v.question.trim()).map((v) => ({
    name: `${e.id} [${v.lang}]`,
    turns: [{ say: v.question, expect: { entry: e.id, zone: 'answer', language: v.lang } }],
  })));
  return `# yaml-language-server: $schema=./suite.schema.json\n${stringify({ suite: name, description: 'One test per entry and language: the entry answers its own question, in that language.', tests }, { lineWidth: 0 })}`;
}
