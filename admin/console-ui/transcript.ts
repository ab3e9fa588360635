/**
 * The conversation's messages and internal notes. Customer text arrives escaped and bot/agent
 * Markdown sanitized by the server (admin/console/views.ts), so `html` is safe to insert.
 */
import { el } from '../../browser/shared/index.ts';
import { knowledgeApi } from './api.ts';
import { time } from './format.ts';
import { may, state } from './state.ts';
import type { FaqEntryDraft, Note, TranscriptMessage } from './types.ts';

const ROLE_LABEL: Record<string, string> = { customer: 'Customer', bot: 'Bot', agent: 'Agent', system: 'Notice' };
const ATTACHMENT_LABEL: Record<string, string> = { image: 'Photo', audio: 'Voice message', video: 'Video', file: 'File', sticker: 'Sticker', location: 'Location' };

export function renderMessage(m: TranscriptMessage, onError: (message: string) => void): HTMLElement {
  const li = el('li', {
    className: 'msg msg-' + m.role + (m.botAttempt ? ' attempt' : '') + (m.handoff ? ' handoff' : ''),
    'data-testid': 'msg-' + m.role, 'data-id': m.id,
  });
  const head = el('div', { className: 'msg-head' }, [
    el('span', { className: 'who', text: ROLE_LABEL[m.role] || m.role }),
    el('span', { className: 'muted', text: time(m.createdAt) + ' · ' + m.channel }),
  ]);
  if (m.botAttempt && typeof m.confidence === 'number') {
    head.appendChild(el('span', { className: 'badge conf', 'data-testid': 'confidence', text: 'confidence ' + Math.round(m.confidence * 100) + '%' + (m.entryId ? ' · ' + m.entryId : '') }));
  }
  if (m.handoff) head.appendChild(el('span', { className: 'badge warn', text: 'handed over' }));
  // A notice with an entry: the customer came from that help-center article ("continue in chat").
  if (m.role === 'system' && m.entryId) head.appendChild(el('span', { className: 'badge warn', 'data-testid': 'help-article', text: 'from help article · ' + m.entryId }));
  li.appendChild(head);
  const body = el('div', { className: 'msg-body', dir: 'auto' });
  body.innerHTML = m.html; // sanitized (bot/agent Markdown) or escaped (customer text) by the server
  li.appendChild(body);
  // Photos, voice notes, files and locations the customer sent (the bot could not read them, the agent can), and files agents sent.
  if (m.attachments && m.attachments.length) {
    li.appendChild(el('ul', { className: 'attachments', 'data-testid': 'attachments' }, m.attachments.map((a) => {
      // The file name isolated: an Arabic or Hebrew name keeps its extension where it belongs.
      const label = el('span', {}, [(ATTACHMENT_LABEL[a.kind] || a.kind) + (a.name ? ': ' : ''), a.name ? el('bdi', { text: a.name }) : null]);
      // Media a provider keeps by id (WhatsApp Cloud API, Twilio) opens through the server, which
      // fetches it with the channel's credentials; other links (http(s) only) open directly.
      const href = a.ref && state.openId ? '/api/admin/conversations/' + encodeURIComponent(state.openId) + '/media/' + encodeURIComponent(a.ref) : a.url || '';
      // A photo the server serves is shown small above its label (the console loads images from itself only).
      const thumb = a.kind === 'image' && href.startsWith('/api/admin/')
        ? el('img', { className: 'thumb', src: href, alt: '', loading: 'lazy', 'data-testid': 'attachment-thumb' }) : null;
      return el('li', {}, [href
        ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'attachment' }, [thumb, label])
        : label]);
    })));
  }
  if (m.role === 'agent' && may('knowledge')) {
    li.appendChild(el('button', {
      type: 'button', className: 'link small', 'data-testid': 'to-entry', text: 'Turn into a knowledge entry…',
      onclick: () => toEntry(m.id, onError),
    }));
  }
  if (m.suggestions && m.suggestions.length) {
    li.appendChild(el('div', { className: 'muted small', text: 'Offered: ' + m.suggestions.map((s) => s.title).join(' · ') }));
  }
  return li;
}

// The agent's reply becomes a new draft entry, opened in the knowledge editor (not saved until the editor saves it).
function toEntry(messageId: string, onError: (message: string) => void): void {
  knowledgeApi<{ entry: FaqEntryDraft }>('POST', '/conversations/' + encodeURIComponent(state.openId ?? '') + '/to-entry', { messageId })
    .then((data) => {
      sessionStorage.setItem('kb-draft', JSON.stringify(data.entry));
      location.href = '/admin/knowledge.html#new';
    })
    .catch((err: Error) => onError(err.message));
}

export function renderNote(n: Note): HTMLElement {
  const li = el('li', { className: 'msg note', 'data-testid': 'note' }, [
    el('div', { className: 'msg-head' }, [
      el('span', { className: 'who', text: 'Internal note · ' + (n.authorName || n.authorId) }),
      el('span', { className: 'muted', text: time(n.createdAt) }),
    ]),
  ]);
  const body = el('div', { className: 'msg-body', dir: 'auto' });
  body.innerHTML = n.html; // escaped by the server
  li.appendChild(body);
  return li;
}

/** A confidence bar; the width goes through CSSOM, which the page's CSP allows (style attributes it does not). */
export function bar(pct: number): HTMLElement {
  const fill = el('span', { className: 'bar-fill' });
  fill.style.width = pct + '%';
  return el('span', { className: 'bar', title: pct + '%' }, [fill]);
}
