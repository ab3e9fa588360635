/**
 * Photos and files in a transcript message. A file the server keeps (one the customer attached
 * here, or one an agent sent) shows as itself: the photo, a link to the full size, or a PDF to
 * download. Others (a photo sent on WhatsApp before the customer moved to the web chat) need the
 * provider's credentials, so they show as their mark.
 */
import { el } from '../../../browser/shared/index.ts';
import { attachmentMarks } from '../../../shared/attachment-marks.ts';
import { agentFilePath, uploadPath } from '../../../shared/file-paths.ts';
import { ICON_ATTACH, svg } from './icons.ts';
import { str } from './i18n.ts';
import { SERVER_BASE } from './page.ts';
import { state } from './state.ts';

/** An attachment as the server or the outbox describes it; `path` only for files the chat keeps. */
export interface ShownAttachment {
  kind?: string;
  name?: string;
  path?: string;
}

/** A customer's own upload is opened with their user id; a file an agent sent, by its link alone. */
function fileUrl(path: string): string | undefined {
  if (path.startsWith(uploadPath(''))) return SERVER_BASE + path + '?userId=' + encodeURIComponent(state.userId);
  if (path.startsWith(agentFilePath(''))) return SERVER_BASE + path;
  return undefined;
}

function shown(a: ShownAttachment): HTMLElement {
  const kind = String(a.kind ?? 'file');
  const name = typeof a.name === 'string' ? a.name : '';
  const href = typeof a.path === 'string' ? fileUrl(a.path) : undefined;
  if (!href) return el('span', { class: 'kc-file-mark', text: attachmentMarks([{ kind }]) });
  if (kind === 'image') {
    const img = el('img', { class: 'kc-photo', src: href, alt: name, loading: 'lazy', 'data-testid': 'kc-photo' });
    return el('a', { class: 'kc-file kc-file--photo', href, target: '_blank', rel: 'noopener noreferrer', 'data-kc-l': 'photo', 'aria-label': str('photo') }, [img]);
  }
  // The name is the label: a document link reads as its file name ("faktura.pdf").
  return el('a', { class: 'kc-file kc-file--doc', href, download: name || '', rel: 'noopener noreferrer', 'data-testid': 'kc-document' },
    [svg(ICON_ATTACH), name ? el('bdi', { text: name }) : el('span', { 'data-kc-t': 'document', text: str('document') })]);
}

/**
 * Fills a bubble with a message's files and words. The server's text for a message of files alone
 * is their marks (for clients that show no files); those are not repeated under the files.
 */
export function fillWithFiles(bubble: HTMLElement, files: readonly ShownAttachment[], text: string): void {
  const box = el('div', { class: 'kc-files' });
  for (const a of files) if (a && typeof a === 'object') box.appendChild(shown(a));
  bubble.appendChild(box);
  const marks = attachmentMarks(files.map((a) => ({ kind: String(a?.kind ?? 'file') })));
  if (text && text !== marks) bubble.appendChild(el('div', { class: 'kc-text', text }));
}
