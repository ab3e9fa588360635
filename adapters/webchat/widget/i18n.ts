/**
 * The widget's words. They come from the server (GET /webchat/config?lang=…, the message
 * catalogue), once per language; the English below is only for a server that does not answer.
 */
import { primaryLanguage, requestJson } from '../../../browser/shared/index.ts';
import { CONFIG_URL, pageLang, titleAttr } from './page.ts';
import type { Topic, WidgetConfig } from './types.ts';

/** Only for a server that does not answer GET /webchat/config; the server's strings replace them. */
const FALLBACK: Record<string, string> = {
  chat: 'Chat', close: 'Close chat', label: 'Your message', placeholder: 'Type your message…', send: 'Send', attach: 'Attach a photo or PDF', photo: 'Photo', document: 'Document', uploading: 'Uploading…',
  connecting: 'Connecting…', reconnecting: 'Reconnecting…', typing: 'Assistant is typing', sending: 'Sending…',
  notSent: 'Not sent', roleCustomer: 'You:', roleBot: 'Assistant:', roleAgent: 'Agent:', roleSystem: 'Notice:',
  log: 'Conversation', suggestions: 'Suggested topics', unread: 'new messages', dismiss: 'Dismiss',
  welcome: 'Hi! Ask me a question.', starters: 'Popular topics', helpArticles: 'From our help center',
  feedback: 'Was this answer helpful?', helpful: 'Helpful', unhelpful: 'Not helpful', feedbackFailed: 'Your feedback could not be sent',
  rating: 'Rate our help', ratingStar: '{n} out of 5', ratingFailed: 'Your rating could not be sent',
  errorEmpty: 'The message is empty', errorTooLong: 'The message is too long', errorInternal: 'Something went wrong. Please try again.',
  errorRefused: 'This could not be sent', errorUploadRefused: 'Only photos and PDF files can be attached',
};

/** The words and settings in use now. */
export const words = {
  strings: FALLBACK,
  /** The language the widget speaks (primary subtag). */
  uiLang: primaryLanguage(pageLang),
  /** The language last asked for: a slower answer for an earlier one is not applied. */
  wantedLang: primaryLanguage(pageLang),
  /** Replaced by the server's maxMessageChars. */
  maxLen: 4000,
  /** What may be attached; replaced by the server's `uploads`. */
  uploads: { maxBytes: 10 * 1024 * 1024, maxFiles: 4, types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] },
  title: titleAttr || 'Assistant',
  starters: [] as Topic[],
  /** The help center's most asked articles. */
  helpArticles: [] as Array<{ title?: string | null; path?: unknown }>,
};

const own = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** The current language's text for `key`. */
export function str(key: string): string {
  return own(words.strings, key) ? words.strings[key]! : FALLBACK[key] ?? '';
}

/** Fills `{name}` placeholders; unknown ones stay as they are. */
export function fmt(text: string, vars: Record<string, unknown>): string {
  return String(text).replace(/\{(\w+)\}/g, (whole, name: string) => (own(vars, name) ? String(vars[name]) : whole));
}

const configs: Record<string, WidgetConfig> = {};

/** The server's config for `lang` (fetched once per language), or null when it does not answer. */
export async function fetchConfig(lang: string): Promise<WidgetConfig | null> {
  const key = primaryLanguage(lang);
  if (configs[key]) return configs[key]!;
  try {
    const cfg = await requestJson<WidgetConfig | null>('GET', CONFIG_URL + '?lang=' + encodeURIComponent(lang), undefined, { timeoutMs: 8000 });
    if (!cfg || !cfg.strings || typeof cfg.strings !== 'object') return null;
    configs[key] = cfg;
    return cfg;
  } catch {
    return null;
  }
}

/** Takes a config's words and settings (the caller then redraws). */
export function useConfig(cfg: WidgetConfig): void {
  words.strings = cfg.strings;
  words.uiLang = primaryLanguage(cfg.lang) || words.uiLang;
  if (isFinite(Number(cfg.maxMessageChars)) && Number(cfg.maxMessageChars) > 0) words.maxLen = Number(cfg.maxMessageChars);
  words.title = titleAttr || String(cfg.botName || words.title);
  words.starters = Array.isArray(cfg.starters) ? cfg.starters : [];
  words.helpArticles = Array.isArray(cfg.helpArticles) ? cfg.helpArticles : [];
  const u = cfg.uploads;
  if (u && Number(u.maxBytes) > 0 && Number(u.maxFiles) > 0 && Array.isArray(u.types)) {
    words.uploads = { maxBytes: Number(u.maxBytes), maxFiles: Number(u.maxFiles), types: u.types.map(String) };
  }
}
