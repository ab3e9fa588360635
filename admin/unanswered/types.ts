/** Shared types of the unanswered-questions inbox. */

/** Why a question landed in the inbox. */
export type UnansweredReason = 'clarify' | 'handoff' | 'unhelpful';
export const UNANSWERED_REASONS: readonly UnansweredReason[] = ['clarify', 'handoff', 'unhelpful'];

/** Where a question was asked: in a conversation (any channel), or in the help center's search. */
export type UnansweredSource = 'chat' | 'help-center';

/** A group's state: waiting for an editor, dismissed with a reason, or resolved by an entry. */
export type GroupStatus = 'open' | 'dismissed' | 'resolved';
export const GROUP_STATUSES: readonly GroupStatus[] = ['open', 'dismissed', 'resolved'];

/** The entry the bot thought closest, with its confidence. */
export interface Suggested {
  entryId: string;
  title: string;
  confidence: number;
}

/** One customer question as the inbox stores it. */
export interface UnansweredQuestion {
  id: string;
  groupId: string;
  text: string;
  lang: string;
  at: Date;
  reason: UnansweredReason;
  source: UnansweredSource;
  /** The conversation and the customer's message; absent for a help-center search. */
  conversationId?: string;
  messageId?: string;
  suggested?: Suggested;
}

/** Similar questions in one language, counted. */
export interface UnansweredGroup {
  id: string;
  /** The first question of the group: its title. */
  text: string;
  lang: string;
  status: GroupStatus;
  count: number;
  reasons: Record<UnansweredReason, number>;
  lastAt: Date;
  createdAt: Date;
  dismissReason?: string;
  resolvedEntryId?: string;
  /** Newest first (at most the store's `questionLimit`). */
  questions: UnansweredQuestion[];
  /** The entry the bot suggested most often for the group's questions (ties: the higher confidence). */
  suggested?: Suggested;
}

/** A question to record. */
export interface NewUnanswered {
  /** The conversation and the customer's message; absent for a help-center search. */
  conversationId?: string;
  messageId?: string;
  /** Default "chat". */
  source?: UnansweredSource;
  text: string;
  lang: string;
  reason: UnansweredReason;
  suggested?: Suggested;
}
