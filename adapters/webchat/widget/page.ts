/**
 * Where the widget was loaded from and what the embedding page asked for (the script tag's
 * data-* attributes). Read once, while the script runs, because `document.currentScript` is only
 * set then.
 */
import type { ChatContext } from './types.ts';

function findScript(): HTMLScriptElement | null {
  const list = document.querySelectorAll<HTMLScriptElement>('script[src]');
  for (let i = list.length - 1; i >= 0; i--) {
    try {
      if (/\/webchat\/widget\.js$/.test(new URL(list[i]!.src, location.href).pathname)) return list[i]!;
    } catch {
      // a malformed src is not ours
    }
  }
  return null;
}

const script = (document.currentScript as HTMLScriptElement | null) || findScript();
const srcUrl = new URL(script && script.src ? script.src : '/webchat/widget.js', location.href);
const data: DOMStringMap = (script && script.dataset) || {};
// Everything before "/webchat/widget.js" is a path prefix (reverse proxy); usually empty.
const prefixMatch = srcUrl.pathname.match(/^(.*)\/webchat\/widget\.js$/);
const prefix = prefixMatch ? prefixMatch[1]! : '';

/** The widget server's origin plus any proxy prefix: "https://host/prefix". */
export const SERVER_BASE = srcUrl.origin + prefix;
/** The chat socket (PROTOCOL.md). */
export const WS_URL = (srcUrl.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + srcUrl.host + prefix + '/ws/chat';
/** widget.css beside widget.js, with the same query (a cache-busting version). */
export const CSS_URL = new URL('widget.css', srcUrl).href + srcUrl.search;
/** The widget's words and settings per language. */
export const CONFIG_URL = SERVER_BASE + '/webchat/config';

/** data-lang: the page's explicit choice, sent to the server. */
export const explicitLang = (data.lang || '').trim();
const browserLang = (navigator.languages && navigator.languages[0]) || navigator.language || '';
/** The language the widget's words start in until the conversation has one of its own. */
export const pageLang = explicitLang || browserLang || document.documentElement.lang || 'en';
/** data-title, else the server's bot name. */
export const titleAttr = (data.title || '').trim();
/** data-open: open the panel on load. */
export const startOpen = /^(true|1|yes|open)$/i.test(data.open || '');
/** data-context-entry: the help-center article the page shows; told to the conversation once. */
export const pageContext: ChatContext | null = data.contextEntry
  ? { entryId: String(data.contextEntry), unhelpful: /^(true|1)$/i.test(data.contextUnhelpful || '') }
  : null;
