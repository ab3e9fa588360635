import type { Attachment, Conversation, HandoffPacket, StoredMessage } from '../../bot/index.ts';
import { escapeHtml, renderHtml } from '../../knowledge/index.ts';
import type { User } from '../auth/index.ts';
import type { HandoffDesk } from './desk.ts';
import { MAX_AGENT_FILE_BYTES, MAX_REPLY_FILES } from './files.ts';
import type { WebhookDispatcher } from './webhooks.ts';

/** One row of the live queue. */
export interface QueueItem {
  id: string;
  status: Conversation['status'];
  channel: string;
  lang?: string;
  customerName?: string;
  assignee?: { id: string; name: string };
  /** 1-based, while queued. */
  position?: number;
  queuedAt?: string;
  flagged: boolean;
  reason?: string;
  failedQuestion?: string;
  lastMessage?: { role: StoredMessage['role']; text: string; at: string };
  updatedAt: string;
}

/** A transcript line as the console shows it. `html` is safe to insert: sanitized or escaped on the server. */
export interface ConsoleMessage {
  id: string;
  seq: number;
  role: StoredMessage['role'];
  text: string;
  html: string;
  channel: string;
  lang?: string;
  entryId?: string;
  confidence?: number;
  suggestions?: Array<{ entryId: string; title: string }>;
  handoff?: boolean;
  /** What the customer sent besides text: photos, voice notes, files, locations (links are http(s) only). */
  attachments?: Attachment[];
  /** True for the bot's own tries: an answer, suggestions or the handoff notice. */
  botAttempt: boolean;
  createdAt: string;
}

/** Customer text is plain text: escaped, line breaks kept. Everything else is Markdown, sanitized. */
export function messageHtml(m: Pick<StoredMessage, 'role' | 'text'>): string {
  return m.role === 'customer' ? escapeHtml(m.text).replace(/\r?\n/g, '<br>') : renderHtml(m.text);
}

export function toConsoleMessage(m: StoredMessage): ConsoleMessage {
  return {
    id: m.id, seq: m.seq, role: m.role, text: m.text, html: messageHtml(m), channel: m.channel, lang: m.lang,
    entryId: m.entryId, confidence: m.confidence, suggestions: m.suggestions, handoff: m.handoff, attachments: m.attachments,
    botAttempt: m.role === 'bot' && (m.entryId !== undefined || m.confidence !== undefined || Boolean(m.suggestions?.length) || Boolean(m.handoff)),
    createdAt: m.createdAt.toISOString(),
  };
}

async function names(desk: HandoffDesk, ids: Array<string | undefined>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids.filter((x): x is string => Boolean(x)))) {
    const u = await desk.users.byId(id);
    if (u) out.set(id, u.name);
  }
  return out;
}

/** Conversations waiting (oldest first), then those held by agents (most recent first). */
export async function queueView(desk: HandoffDesk): Promise<QueueItem[]> {
  const store = desk.store;
  const waiting = await store.queue();
  const held = await store.listConversations('agent', 200);
  const who = await names(desk, held.map((c) => c.assignee));
  const items: QueueItem[] = [];
  for (const [i, c] of [...waiting, ...held].entries()) {
    const [customer, packet, last] = await Promise.all([store.customer(c.customerId), store.latestHandoff(c.id), store.lastMessage(c.id)]);
    items.push({
      id: c.id, status: c.status, channel: c.channel, lang: c.lang, customerName: customer?.displayName,
      assignee: c.assignee ? { id: c.assignee, name: who.get(c.assignee) ?? c.assignee } : undefined,
      position: c.status === 'queued' ? i + 1 : undefined,
      queuedAt: c.queuedAt?.toISOString(), flagged: Boolean(c.flaggedAt),
      reason: packet?.reason, failedQuestion: packet?.failedQuestion,
      lastMessage: last && { role: last.role, text: last.text.slice(0, 200), at: last.createdAt.toISOString() },
      updatedAt: c.updatedAt.toISOString(),
    });
  }
  return items;
}

/** Everything the agent needs on one screen, so they never ask "what did you already try?". */
export async function conversationView(desk: HandoffDesk, id: string, viewer: User, webhooks?: WebhookDispatcher) {
  const store = desk.store;
  const c = await store.conversation(id);
  if (!c) return undefined;
  const [customer, identities, transcript, handoffs, notes, history, ratings, window] = await Promise.all([
    store.customer(c.customerId), store.identities(c.customerId), store.transcript(c.id), store.handoffs(c.id),
    store.notes(c.id), store.ownershipHistory(c.id), store.ratings(c.id), desk.window(c),
  ]);
  const who = await names(desk, [c.assignee, ...history.map((h) => h.actor), ...history.map((h) => h.assignee)]);
  const packet = handoffs.at(-1)?.packet as HandoffPacket | undefined;
  const filesRefused = desk.filesRefusal(c.channel);
  return {
    conversation: {
      id: c.id, status: c.status, channel: c.channel, lang: c.lang,
      assignee: c.assignee ? { id: c.assignee, name: who.get(c.assignee) ?? c.assignee } : undefined,
      heldByMe: c.status === 'agent' && c.assignee === viewer.id,
      queuedAt: c.queuedAt?.toISOString(), flagged: Boolean(c.flaggedAt), position: await store.queuePosition(c.id),
      ratingRequested: Boolean(c.ratingRequestedAt), createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
      // Whether a reply can carry files on this channel, and if not, why (the console says so by the attach button).
      files: { ok: !filesRefused, reason: filesRefused?.message, maxBytes: MAX_AGENT_FILE_BYTES, maxFiles: MAX_REPLY_FILES },
    },
    customer: {
      id: c.customerId, name: customer?.displayName, lang: c.lang ?? customer?.lang,
      channels: identities.map((i) => ({ channel: i.channel, address: i.externalId })),
    },
    handoff: packet && {
      reason: packet.reason, createdAt: packet.createdAt, failedQuestion: packet.failedQuestion,
      failedQuestionHtml: packet.failedQuestion ? escapeHtml(packet.failedQuestion) : undefined,
      attempts: packet.attempts, count: handoffs.length,
    },
    transcript: transcript.map(toConsoleMessage),
    notes: notes.map((n) => ({ id: n.id, authorId: n.authorId, authorName: n.authorName, text: n.text, html: escapeHtml(n.text).replace(/\r?\n/g, '<br>'), createdAt: n.createdAt.toISOString() })),
    history: history.map((h) => ({ ...h, actorName: who.get(h.actor) ?? h.actor, assigneeName: h.assignee ? who.get(h.assignee) ?? h.assignee : undefined, at: h.at.toISOString() })),
    ratings: ratings.map((r) => ({ score: r.score, agentId: r.agentId, createdAt: r.createdAt.toISOString() })),
    window: window && { ...window, closesAt: window.closesAt?.toISOString() },
    webhooks: webhooks ? (await webhooks.deliveries(c.id)).map((d) => ({ eventName: d.eventName, url: d.url, status: d.status, attempts: d.attempts, lastError: d.lastError })) : [],
  };
}
