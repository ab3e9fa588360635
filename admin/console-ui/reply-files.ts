/**
 * Files for the agent's next reply: each file chosen, pasted (a screenshot) or dropped on the reply
 * form is uploaded to the conversation at once (POST …/files), listed under the reply box with a
 * button to take it out, and named in the reply.
 */
import { $, el } from '../../browser/shared/index.ts';
import { api } from './api.ts';
import { state } from './state.ts';

interface PendingFile { ref: string; name: string; kind: string }

/** What the server takes (the conversation view's `files`; admin/console/files.ts), checked before uploading. */
function limits(): { maxBytes: number; maxFiles: number } {
  const f = state.detail?.conversation.files;
  // Without them (an older server), the server alone decides.
  return { maxBytes: f?.maxBytes ?? Infinity, maxFiles: f?.maxFiles ?? Infinity };
}

let pending: PendingFile[] = [];
let setAlert: (text: string, kind?: string) => void = () => {};

function render(): void {
  const list = $('reply-files');
  list.textContent = '';
  for (const f of pending) {
    list.appendChild(el('li', { 'data-testid': 'reply-file-chip' }, [
      el('span', {}, [f.kind === 'image' ? '📷 ' : '📎 ', el('bdi', { text: f.name })]), ' ',
      el('button', { type: 'button', className: 'link', 'aria-label': 'Remove ' + f.name, text: '✕', onclick: () => { pending = pending.filter((p) => p !== f); render(); } }),
    ]));
  }
  list.hidden = !pending.length;
}

/** The refs to send with the reply. */
export function replyFiles(): string[] {
  return pending.map((f) => f.ref);
}

/** After the reply went, or when another conversation opens: files belong to one conversation. */
export function clearReplyFiles(): void {
  pending = [];
  render();
}

async function upload(files: readonly File[]): Promise<void> {
  const id = state.openId;
  if (!id) return;
  const { maxBytes, maxFiles } = limits();
  const room = maxFiles - pending.length;
  if (files.length > room) setAlert('A reply carries at most ' + maxFiles + ' files.', 'error');
  for (const file of files.slice(0, Math.max(0, room))) {
    if (file.size > maxBytes) {
      setAlert(file.name + ' is over ' + Math.floor(maxBytes / (1024 * 1024)) + ' MB.', 'error');
      continue;
    }
    try {
      const f = await api<PendingFile>('POST', '/conversations/' + encodeURIComponent(id) + '/files?name=' + encodeURIComponent(file.name), file);
      if (state.openId === id) pending.push(f);
    } catch (err) {
      setAlert(file.name + ': ' + (err as Error).message, 'error');
    }
  }
  render();
}

/** The attach button and the file chooser under the reply box; refusals go to `alert`. */
export function wireReplyFiles(alert: typeof setAlert): void {
  setAlert = alert;
  const chooser = $<HTMLInputElement>('reply-file');
  $('reply-attach').addEventListener('click', () => chooser.click());
  chooser.addEventListener('change', () => {
    const files = Array.from(chooser.files ?? []);
    chooser.value = '';
    void upload(files);
  });
  // A screenshot pasted into the reply box, or files dropped on the reply form, are attached too.
  const canAttach = () => !$<HTMLButtonElement>('reply-attach').disabled;
  $('reply-text').addEventListener('paste', (e) => {
    const files = Array.from((e as ClipboardEvent).clipboardData?.files ?? []);
    if (!files.length || !canAttach()) return;
    e.preventDefault();
    void upload(files);
  });
  const form = $('reply-form');
  form.addEventListener('dragover', (e) => {
    if (canAttach() && (e as DragEvent).dataTransfer?.types.includes('Files')) e.preventDefault();
  });
  form.addEventListener('drop', (e) => {
    const files = Array.from((e as DragEvent).dataTransfer?.files ?? []);
    if (!files.length) return;
    e.preventDefault();
    if (canAttach()) void upload(files);
  });
}
