import express, { type Router } from 'express';
import { cataloguePart, catalogueLanguage, fillPlaceholders, t, textDirection, type Logger, silentLogger } from '../../bot/index.ts';
import { readsTraditional, toTraditional } from '../../knowledge/index.ts';
import { MAX_FRAME_ATTACHMENTS } from './types.ts';
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES } from './uploads.ts';

/** A topic the widget offers as a button when it opens; pressing it sends a `choose` frame. */
export interface StarterTopic {
  entryId: string;
  title: string;
}

/** A help-center article the widget links to; `path` is on the widget's own server ("/help/pl/…"). */
export interface HelpArticleLink {
  title: string;
  path: string;
}

export interface WidgetConfigOptions {
  /** Language spoken when the asked one has no catalogue. */
  defaultLang: string;
  /** The bot's name (BOT_NAME); default: the catalogue's word for "Assistant" in each language. */
  botName?: string;
  /** Longest customer message, in characters (MAX_MESSAGE_CHARS). */
  maxMessageChars: number;
  /** The topics to offer when the widget opens, in a language (most asked first). Default: none. */
  starters?: (lang: string) => Promise<StarterTopic[]>;
  /** The help center's most asked articles in a language (for Chinese, in the reader's script), linked under the starters. Default: none. */
  helpArticles?: (lang: string, script?: 'traditional') => Promise<HelpArticleLink[]>;
  logger?: Logger;
}

/** What `GET /webchat/config` answers: everything the widget says and the limits it enforces. */
export interface WidgetConfig {
  /** The language of `strings` (the asked one when there is a catalogue for it). */
  lang: string;
  dir: 'ltr' | 'rtl';
  botName: string;
  maxMessageChars: number;
  /** The widget's own words, `{name}` and `{max}` already filled in; `ratingStar` keeps `{n}`. */
  strings: Record<string, string>;
  starters: StarterTopic[];
  /** The help center's most asked articles (absent without a help center). */
  helpArticles?: HelpArticleLink[];
  /** What a customer may attach (uploads.ts): the widget checks before uploading, the server again. */
  uploads: { maxBytes: number; maxFiles: number; types: string[] };
}

/** A language tag as a browser or a page sends it ("th", "ar-EG", "zh-Hant-TW"). */
const LANG_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}$/;

/**
 * The widget's configuration in `asked` (a language tag; unknown or missing → the default language).
 * @example (await widgetConfig('th-TH', o)).strings.send // "ส่ง"
 */
export async function widgetConfig(asked: string | undefined, o: WidgetConfigOptions): Promise<WidgetConfig> {
  const lang = catalogueLanguage(asked && LANG_TAG.test(asked) ? asked : undefined, o.defaultLang);
  // The catalogue and the knowledge base write Chinese in Simplified; a Traditional page or browser reads it in Traditional.
  const traditional = lang === 'zh' && asked !== undefined && readsTraditional(asked);
  const script = traditional ? toTraditional : (s: string) => s;
  const botName = o.botName ?? script(t('botName', lang));
  const vars = { name: botName, max: o.maxMessageChars, maxMb: Math.floor(MAX_UPLOAD_BYTES / (1024 * 1024)) };
  const strings: Record<string, string> = {};
  // The catalogue's words converted, not the operator's BOT_NAME: it reads as `botName` does.
  for (const [key, text] of Object.entries(cataloguePart('widget.', lang))) strings[key] = fillPlaceholders(script(text), vars);
  for (const [key, text] of Object.entries(cataloguePart('error.', lang))) strings[`error${key[0]!.toUpperCase()}${key.slice(1)}`] = fillPlaceholders(script(text), vars);
  let starters: StarterTopic[] = [];
  try {
    starters = o.starters ? await o.starters(lang) : [];
  } catch (err) {
    // Starters are a convenience: a failure must not keep the widget from opening.
    (o.logger ?? silentLogger).warn('starter topics failed', { lang, error: String(err) });
  }
  let helpArticles: HelpArticleLink[] | undefined;
  try {
    helpArticles = o.helpArticles ? await o.helpArticles(lang, traditional ? 'traditional' : undefined) : undefined;
  } catch (err) {
    (o.logger ?? silentLogger).warn('help-center articles failed', { lang, error: String(err) });
  }
  starters = starters.map((s) => ({ ...s, title: script(s.title) }));
  helpArticles = helpArticles?.map((a) => ({ ...a, title: script(a.title) }));
  const uploads = { maxBytes: MAX_UPLOAD_BYTES, maxFiles: MAX_FRAME_ATTACHMENTS, types: [...UPLOAD_TYPES] };
  return { lang, dir: textDirection(lang), botName, maxMessageChars: o.maxMessageChars, strings, starters, ...(helpArticles ? { helpArticles } : {}), uploads };
}

/**
 * `GET /webchat/config?lang=th`: the widget's words and limits. Public and embeddable on any
 * site (no cookies), so any origin may read it.
 */
export function widgetConfigRoute(o: WidgetConfigOptions): Router {
  const router = express.Router();
  router.get('/webchat/config', async (req, res) => {
    const asked = typeof req.query.lang === 'string' ? req.query.lang.trim() : undefined;
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Cache-Control', 'public, max-age=60');
    res.json(await widgetConfig(asked, o));
  });
  return router;
}
