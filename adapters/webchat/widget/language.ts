/**
 * Which language the widget speaks: the page's at first, then the conversation's (the server
 * says so in history and on each message). Switching fetches that language's words and redraws.
 */
import { primaryLanguage } from '../../../browser/shared/index.ts';
import { fetchConfig, useConfig, words } from './i18n.ts';
import { onInput, setUnread } from './indicators.ts';
import { state } from './state.ts';
import { renderHelpArticles, renderStarters } from './topics.ts';
import { applyWords } from './view.ts';

let whenFirstDone: () => void = () => {};

/** Called once the first language's words arrived (or failed to): the widget may show. */
export function onFirstWords(fn: () => void): void {
  whenFirstDone = fn;
}

/**
 * Fetches the server's words for `lang` (once per language) and applies them, unless a later
 * language was asked for in the meantime.
 */
export function useLanguage(lang: string, first: boolean): void {
  const want = primaryLanguage(lang);
  if (!want) return;
  if (!first && want === words.uiLang && want === words.wantedLang) return;
  words.wantedLang = want;
  void fetchConfig(lang).then((cfg) => {
    if (first) whenFirstDone();
    if (words.wantedLang === want && cfg) {
      useConfig(cfg);
      applyStrings();
    }
  });
}

/** Redraws every word, the topics under the welcome, the badge's label and the counter. */
export function applyStrings(): void {
  applyWords();
  renderHelpArticles();
  renderStarters();
  setUnread(state.unread);
  onInput();
}
