import { readFile } from 'node:fs/promises';
import { chooseLanguage } from '../bot/index.ts';
import { createLanguageDetector, KnowledgeVocabulary, loadKnowledgeFolder, mixedLanguageOf, withConversationEntries, type LanguageDetector } from '../knowledge/index.ts';
import { DatasetError } from './dataset.ts';

/** One customer message and the language it is written in. */
export interface LanguageExample {
  text: string;
  lang: string;
}

/** Share of messages whose language came out right, per language, in each situation. */
export interface LanguageChoiceReport {
  /** Per language: messages, right as the first message with no hint, right in a conversation already in that language. */
  byLang: Record<string, { n: number; first: number; kept: number }>;
  overall: { n: number; first: number; kept: number };
  /** Messages whose first-message language came out wrong, for reading. */
  misses: Array<LanguageExample & { chosen: string }>;
}

/** A JSONL file of `{"text", "lang"}` lines. */
export function parseLanguageExamples(content: string, source = 'dataset'): LanguageExample[] {
  return content.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new DatasetError(source, i + 1, 'not JSON');
    }
    const { text, lang } = (v ?? {}) as Record<string, unknown>;
    if (typeof text !== 'string' || !text.trim() || typeof lang !== 'string' || !lang) throw new DatasetError(source, i + 1, 'expected {"text": "...", "lang": "..."}');
    return [{ text, lang }];
  });
}

/**
 * Ask the bot's language choice about every message twice: as the first message of a
 * conversation with no hint, and in a conversation already in the message's language (where
 * it must stay).
 */
export async function measureLanguageChoice(detector: LanguageDetector, examples: readonly LanguageExample[], defaultLang: string, aroundEnglish?: (text: string) => string | undefined): Promise<LanguageChoiceReport> {
  const byLang: LanguageChoiceReport['byLang'] = {};
  const misses: LanguageChoiceReport['misses'] = [];
  for (const e of examples) {
    const s = (byLang[e.lang] ??= { n: 0, first: 0, kept: 0 });
    const first = await chooseLanguage(detector, e.text, {}, { defaultLang, aroundEnglish });
    const kept = await chooseLanguage(detector, e.text, { conversation: e.lang }, { defaultLang, aroundEnglish });
    s.n++;
    if (first === e.lang) s.first++;
    else misses.push({ ...e, chosen: first });
    if (kept === e.lang) s.kept++;
  }
  const all = Object.values(byLang);
  const sum = (f: (x: { n: number; first: number; kept: number }) => number) => all.reduce((a, x) => a + f(x), 0);
  return { byLang, overall: { n: sum((x) => x.n), first: sum((x) => x.first), kept: sum((x) => x.kept) }, misses };
}

/** The detector the bot runs with a knowledge folder's vocabulary, and the set's report. */
export async function runLanguageChoice(o: { dataset: string; kbDir: string; defaultLang?: string }): Promise<LanguageChoiceReport> {
  const defaultLang = o.defaultLang ?? 'en';
  const entries = await loadKnowledgeFolder(o.kbDir);
  const vocabulary = KnowledgeVocabulary.fromEntries(entries, defaultLang);
  const detector = await createLanguageDetector({ vocabulary: () => vocabulary });
  const mixed = mixedLanguageOf(await withConversationEntries(entries));
  return measureLanguageChoice(detector, parseLanguageExamples(await readFile(o.dataset, 'utf8'), o.dataset), defaultLang, (t) => mixed.languageAroundEnglish(t));
}

/** The report as a table: one row per language, then all. */
export function formatLanguageChoice(r: LanguageChoiceReport): string {
  const pct = (x: number, n: number) => `${((100 * x) / Math.max(1, n)).toFixed(1)}%`;
  const row = (lang: string, s: { n: number; first: number; kept: number }) =>
    `${lang.padEnd(6)}${String(s.n).padStart(5)}  ${pct(s.first, s.n).padStart(22)}  ${pct(s.kept, s.n).padStart(26)}`;
  const lines = [
    `${'lang'.padEnd(6)}${'n'.padStart(5)}  ${'first message, no hint'.padStart(22)}  ${'conversation already in it'.padStart(26)}`,
    ...Object.entries(r.byLang).sort(([a], [b]) => a.localeCompare(b)).map(([lang, s]) => row(lang, s)),
    row('all', r.overall),
  ];
  if (r.misses.length) lines.push('', 'wrong as a first message:', ...r.misses.map((m) => `  [${m.lang} → ${m.chosen}] ${m.text}`));
  return lines.join('\n');
}
