/**
 * Photos and PDFs the customer attaches: each file is uploaded (POST /webchat/uploads), then sent
 * as one message with whatever is typed in the composer. The server reads the file's type from its
 * bytes; this only picks what to offer in the file chooser.
 */
import { onInput, showNotice } from './indicators.ts';
import { str, words } from './i18n.ts';
import { enqueue } from './outbox.ts';
import { SERVER_BASE } from './page.ts';
import { state } from './state.ts';
import type { SentAttachment } from './types.ts';
import { view } from './view.ts';

async function upload(file: File): Promise<SentAttachment> {
  const url = SERVER_BASE + '/webchat/uploads?userId=' + encodeURIComponent(state.userId) + '&name=' + encodeURIComponent(file.name);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file });
  if (!res.ok) throw new Error('upload refused: ' + res.status);
  const body = await res.json() as SentAttachment;
  return { ref: body.ref, kind: body.kind, ...(body.name ? { name: body.name } : {}) };
}

/** The chosen files, uploaded and sent with the composer's text. */
export async function sendFiles(files: readonly File[]): Promise<void> {
  const { maxBytes, maxFiles, types } = words.uploads;
  const chosen = files.slice(0, maxFiles);
  if (!chosen.length) return;
  if (chosen.some((f) => f.size > maxBytes || (f.type && !types.includes(f.type)))) {
    showNotice(str('errorUploadRefused'));
    return;
  }
  // A phone's photo takes a while on a slow network: the paperclip says it is busy meanwhile.
  setBusy(true);
  try {
    const attachments = await Promise.all(chosen.map(upload));
    enqueue({ type: 'message', text: view.input.value.trim(), attachments });
    view.input.value = '';
    onInput();
  } catch {
    showNotice(str('errorUploadRefused'));
  } finally {
    setBusy(false);
    view.file.value = '';
  }
}

function setBusy(busy: boolean): void {
  view.attach.disabled = busy;
  view.attach.classList.toggle('kc-attach--busy', busy);
  view.attach.setAttribute('aria-busy', String(busy));
  view.attach.setAttribute('aria-label', str(busy ? 'uploading' : 'attach'));
  view.attach.title = str(busy ? 'uploading' : 'attach');
}
