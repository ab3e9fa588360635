/** What an agent does to the open conversation: claim, release, reply (with the knowledge base's answers and files), note, transfer, resolve. */
import { $, el } from '../../browser/shared/index.ts';
import { api } from './api.ts';
import { loadDetail, setAlert } from './detail.ts';
import { announce } from './format.ts';
import { refreshQueue } from './queue.ts';
import { clearReplyFiles, replyFiles, wireReplyFiles } from './reply-files.ts';
import { state } from './state.ts';
import type { ReplyAnswer } from './types.ts';

/** POSTs an action on the open conversation, then reloads it and the queue (also when refused). */
function act<T>(path: string, body: unknown, done?: (answer: T) => void): Promise<void> {
  const id = state.openId ?? '';
  return api<T>('POST', '/conversations/' + encodeURIComponent(id) + path, body)
    .then((r) => { if (done) done(r); return loadDetail(id).then(refreshQueue); })
    .catch((err: Error) => { setAlert(err.message); void loadDetail(id); });
}

const input = (id: string) => $<HTMLInputElement>(id);

interface SuggestedAnswer { entryId: string; lang: string; title: string; answer: string; confidence: number }

/** The knowledge base's answers for the search box (empty: the customer's last message), each insertable into the reply. */
function findAnswers(): void {
  const id = state.openId ?? '';
  const list = $('answers-list');
  const q = input('answers-q').value.trim();
  api<{ query: string; answers: SuggestedAnswer[] }>('GET', '/conversations/' + encodeURIComponent(id) + '/answers' + (q ? '?q=' + encodeURIComponent(q) : ''))
    .then((r) => {
      list.textContent = '';
      if (!r.answers.length) list.appendChild(el('li', { className: 'muted', text: r.query ? 'No answer matches "' + r.query + '".' : 'The customer has written nothing to search for yet.' }));
      for (const a of r.answers) {
        list.appendChild(el('li', { 'data-testid': 'answer' }, [
          el('strong', { text: a.title }), ' ',
          el('span', { className: 'muted', text: Math.round(a.confidence * 100) + '% · ' + a.lang }),
          el('p', { className: 'small', text: a.answer.length > 200 ? a.answer.slice(0, 200) + '…' : a.answer }),
          el('button', { type: 'button', 'data-testid': 'answer-insert', text: 'Insert into reply', onclick: () => insertAnswer(a.answer) }),
        ]));
      }
    })
    .catch((err: Error) => { list.textContent = ''; list.appendChild(el('li', { className: 'error', text: err.message })); });
}

/** The answer goes into the reply box, after what is there, for the agent to adapt and send. */
function insertAnswer(answer: string): void {
  const reply = $<HTMLTextAreaElement>('reply-text');
  reply.value = reply.value.trim() ? reply.value.trimEnd() + '\n\n' + answer : answer;
  reply.focus();
}

/** Listeners on the detail's buttons and forms. */
export function wireActions(): void {
  $('claim').addEventListener('click', () => void act('/claim', {}, () => { setAlert(''); announce('Claimed.'); }));
  $('release').addEventListener('click', () => void act('/release', {}));

  $('reply-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input('reply-text').value;
    const attachments = replyFiles();
    if (!text.trim() && !attachments.length) return;
    $<HTMLButtonElement>('reply-send').disabled = true;
    void act<ReplyAnswer>('/reply', { text, ...(attachments.length ? { attachments } : {}) }, (r) => {
      input('reply-text').value = '';
      clearReplyFiles();
      if (r.delivery && !r.delivery.ok) {
        setAlert((r.delivery.code === 'window_closed' ? 'Refused by ' + state.detail?.conversation.channel + ' — the reply window is closed. '
          : 'Not delivered. ') + 'Your reply is kept in the transcript only. (' + r.delivery.error + ')', 'error');
      } else setAlert('');
    }).finally(() => { $<HTMLButtonElement>('reply-send').disabled = false; });
  });

  wireReplyFiles(setAlert);

  $('reply-text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $<HTMLFormElement>('reply-form').requestSubmit();
  });

  $('answers-form').addEventListener('submit', (e) => {
    e.preventDefault();
    findAnswers();
  });

  $('note-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input('note-text').value;
    if (!text.trim()) return;
    void act('/notes', { text }, () => { input('note-text').value = ''; });
  });

  $('transfer-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!input('transfer-to').value) return;
    void act('/transfer', { agentId: input('transfer-to').value, note: input('transfer-note').value || undefined }, () => { input('transfer-note').value = ''; });
  });

  $('resolve-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void act('/resolve', { askRating: input('ask-rating').checked }, () => announce('Resolved: the bot answers this customer again.'));
  });
}
