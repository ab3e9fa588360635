/** The conversation as this page knows it: connection flags, what is shown, what is unsent. */
import { pageContext } from './page.ts';
import { getItem, loadOutbox, local, setItem } from './storage.ts';
import type { ChatContext, OutboxItem, Row } from './types.ts';
import { uuid } from './uuid.ts';

function customerId(): string {
  let id = getItem(local, 'kc.userId');
  if (!id) {
    id = uuid();
    setItem(local, 'kc.userId', id);
  }
  return id;
}

export const state = {
  /** The customer's id, kept across visits. */
  userId: customerId(),
  /** Current socket (null while offline). */
  ws: null as WebSocket | null,
  /** hello answered with history on the current socket. */
  ready: false,
  /** Had a working connection at least once on this page. */
  everReady: false,
  /** A connection is wanted. */
  started: false,
  /** Reconnect attempts since the last success. */
  attempt: 0,
  /** In memory only: a fresh page asks for the full history. */
  lastSeenId: null as string | null,
  lastSeenSeq: -Infinity,
  conversationId: null as string | null,
  isOpen: false,
  /** Keep the log scrolled to the newest message. */
  stick: true,
  unread: 0,
  /** Server message id → its row. */
  byId: new Map<string, Row>(),
  /** clientId → the row of an own message waiting for its ack. */
  byClient: new Map<string, Row>(),
  /** Unacknowledged frames, persisted in sessionStorage. */
  outbox: loadOutbox() as OutboxItem[],
  /** The help-center article the chat is opened from; sent once the socket is ready. */
  pendingContext: pageContext as ChatContext | null,
};

/** Where a row without a seq of its own goes: just after the newest message seen. */
export function afterLastSeen(): number {
  return isFinite(state.lastSeenSeq) ? state.lastSeenSeq + 0.5 : 0;
}
