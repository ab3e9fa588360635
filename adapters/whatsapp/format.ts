import { phrase, type StoredMessage, type Suggestion } from '../../bot/index.ts';
import { renderPlainText } from '../../knowledge/index.ts';
import { linkedFiles, type LinkedFile } from '../core/attachments.ts';
import { entryPayload } from '../core/payload.ts';
import { clip, splitText } from '../core/text-split.ts';
import type { WaInteractive, WaOutbound } from './types.ts';

/** Cloud API limits (see shared/reference/CHANNELS.md §2). */
export const WA_LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listRows: 10,
  listButton: 20,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
} as const;

const LIST_BUTTON: Record<string, string> = { en: 'Choose', pl: 'Wybierz', zh: '选择', th: 'เลือก', ar: 'اختر' };

function interactive(body: string, suggestions: Suggestion[], lang: string): WaInteractive {
  const titles = suggestions.map((s) => clip(s.title, WA_LIMITS.buttonTitle));
  const buttonsFit = suggestions.length <= WA_LIMITS.buttons
    && suggestions.every((s) => Array.from(s.title).length <= WA_LIMITS.buttonTitle)
    && new Set(titles).size === titles.length;
  if (buttonsFit) {
    return { type: 'button', body: { text: body }, action: { buttons: suggestions.map((s, i) => ({ type: 'reply', reply: { id: entryPayload(s.entryId), title: titles[i]! } })) } };
  }
  // A list holds 10 rows in total (across all sections); a cut title keeps its full text in the description.
  const rows = suggestions.slice(0, WA_LIMITS.listRows).map((s) => {
    const title = clip(s.title, WA_LIMITS.rowTitle);
    return { id: entryPayload(s.entryId), title, ...(title !== s.title.trim() ? { description: clip(s.title, WA_LIMITS.rowDescription) } : {}) };
  });
  return { type: 'list', body: { text: body }, action: { button: LIST_BUTTON[lang] ?? LIST_BUTTON.en!, sections: [{ rows }] } };
}

/**
 * A stored message as Cloud API message payloads: plain text split at 4096 characters, and
 * suggestions as up to 3 reply buttons (titles ≤ 20) or else one list of at most 10 rows. One
 * interactive message when the answer fits its 1024-character body; otherwise the answer goes as
 * text and the choices follow under a short intro (few bubbles: Meta limits a pair to ~1 per 6 s).
 */
export function formatWhatsApp(message: Pick<StoredMessage, 'text' | 'lang' | 'suggestions' | 'role' | 'attachments'>): WaOutbound[] {
  return [...formatWords(message), ...linkedFiles(message).map(waFile)];
}

/** Photos WhatsApp shows as photos; GIF and WebP it does not take as photos, nor as documents. */
const WA_IMAGE_TYPES = ['image/jpeg', 'image/png'];

/**
 * A file an agent sends: Meta fetches it from the link (JPEG and PNG photos up to 5 MB, PDF
 * documents up to 100 MB). A photo of another type goes as its link in words.
 */
function waFile(f: LinkedFile): WaOutbound {
  if (f.kind === 'image' && WA_IMAGE_TYPES.includes(f.mime ?? 'image/jpeg')) return { type: 'image', image: { link: f.url } };
  if (f.kind === 'image') return { type: 'text', text: { body: f.url, preview_url: true } };
  return { type: 'document', document: { link: f.url, ...(f.name ? { filename: f.name } : {}) } };
}

function formatWords(message: Pick<StoredMessage, 'text' | 'lang' | 'suggestions' | 'role'>): WaOutbound[] {
  const text = message.role === 'customer' ? message.text : renderPlainText(message.text);
  const suggestions = (message.suggestions ?? []).filter((s) => entryPayload(s.entryId).length <= WA_LIMITS.rowId && s.title.trim());
  const textPart = (body: string): WaOutbound => ({ type: 'text', text: { body, preview_url: /https?:\/\//.test(body) } });
  if (!suggestions.length) return splitText(text, (c) => c.length <= WA_LIMITS.text).map(textPart);
  if (text.length <= WA_LIMITS.interactiveBody) return [{ type: 'interactive', interactive: interactive(text || '…', suggestions, message.lang ?? 'en') }];
  // Too long for an interactive body: the answer goes as text, the choices follow under a short intro.
  const intro = phrase('relatedIntro', message.lang ?? 'en').text;
  return [...splitText(text, (c) => c.length <= WA_LIMITS.text).map(textPart), { type: 'interactive', interactive: interactive(intro, suggestions, message.lang ?? 'en') }];
}

/** An approved template, the only thing that may be sent outside the 24-hour window. */
export function templateMessage(name: string, languageCode: string): WaOutbound {
  return { type: 'template', template: { name, language: { code: languageCode } } };
}
