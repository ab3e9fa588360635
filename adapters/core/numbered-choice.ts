import type { Suggestion } from '../../bot/index.ts';

const REPLY_WITH_NUMBER: Record<string, string> = {
  en: 'Reply with a number:',
  pl: 'Odpowiedz numerem:',
  zh: '请回复数字：',
  th: 'ตอบกลับด้วยหมายเลข:',
  ar: 'أرسل الرقم:',
};

/**
 * Suggestions as numbered text lines, for channels without buttons (SMS): the customer answers
 * "1", "2" or "3", which `numberedChoice` reads back.
 * @example numberedOptions([{entryId: 'a', title: 'Refunds'}], 'en') // "Reply with a number:\n1. Refunds"
 */
export function numberedOptions(suggestions: Suggestion[], lang: string): string {
  if (!suggestions.length) return '';
  const intro = REPLY_WITH_NUMBER[lang] ?? REPLY_WITH_NUMBER.en!;
  return [intro, ...suggestions.map((s, i) => `${i + 1}. ${s.title}`)].join('\n');
}

/** The suggestion a bare number ("2", "2.", " 2) ") picks from the ones last offered; undefined otherwise. */
export function numberedChoice(text: string | undefined, offered: Suggestion[]): Suggestion | undefined {
  const m = /^\s*#?(\d{1,2})\s*[.)]?\s*$/.exec(text ?? '');
  if (!m) return undefined;
  return offered[Number(m[1]) - 1];
}
