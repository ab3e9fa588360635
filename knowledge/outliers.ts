import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Generic questions and chatter that no FAQ knowledge base answers (greetings, small talk,
 * trivia, other services' tasks), one file per language in outliers/. Real out-of-scope
 * questions are a mix of near misses (a topic the knowledge base lacks) and such unrelated
 * messages; the calibration pass simulates the first by leaving entries out and asks these for
 * the second, so that a question far from every phrasing gets a low confidence.
 */
const folder = fileURLToPath(new URL('./outliers/', import.meta.url));
const cache = new Map<string, string[]>();

export function outlierQuestions(lang: string): string[] {
  if (!/^[a-z]{2,3}$/.test(lang)) return [];
  let list = cache.get(lang);
  if (!list) {
    const file = `${folder}${lang}.txt`;
    list = existsSync(file) ? readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) : [];
    cache.set(lang, list);
  }
  return list;
}
