/** What the console API answers (admin/console/views.ts has the server's side). */

export interface Me {
  id: string;
  name: string;
  role: string;
  permissions: string[];
}

export interface Person {
  id: string;
  name: string;
  role?: string;
}

export interface QueueItem {
  id: string;
  status: 'queued' | 'agent' | 'resolved' | 'bot';
  channel: string;
  customerName?: string | null;
  flagged?: boolean;
  failedQuestion?: string | null;
  lastMessage?: { text: string; at: string } | null;
  position?: number;
  queuedAt?: string;
  reason?: string | null;
  assignee?: Person | null;
}

export interface QueueAnswer {
  conversations: QueueItem[];
  hours: { open: boolean; description: string };
}

export interface TranscriptMessage {
  id: string;
  role: string;
  html: string;
  createdAt: string;
  channel: string;
  botAttempt?: boolean;
  confidence?: number;
  entryId?: string | null;
  handoff?: boolean;
  suggestions?: Array<{ title: string }>;
  attachments?: Array<{ kind: string; url?: string; ref?: string; mime?: string; name?: string }>;
}

export interface Note {
  authorName?: string;
  authorId: string;
  createdAt: string;
  html: string;
}

export interface Detail {
  conversation: QueueItem & { lang?: string | null; heldByMe?: boolean; files?: { ok: boolean; reason?: string; maxBytes?: number; maxFiles?: number } };
  customer: { id: string; name?: string | null; channels: Array<{ channel: string }> };
  handoff: { reason: string; createdAt: string; failedQuestion?: string | null; attempts: Array<{ title: string; entryId: string; confidence: number }> } | null;
  webhooks?: Array<{ eventName: string; status: string; attempts: number; lastError?: string | null }>;
  window?: { open: boolean; channel: string; closesAt?: string | null; hours: number } | null;
  transcript: TranscriptMessage[];
  notes: Note[];
  history: Array<{ at: string; from: string; to: string; actorName: string; assigneeName?: string | null; reason?: string | null }>;
}

export interface ReplyAnswer {
  delivery?: { ok: boolean; code?: string; error?: string };
}

/** A knowledge entry the editor opens unsaved (the server's FaqEntry; the console only passes it on). */
export type FaqEntryDraft = Record<string, unknown>;
