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
  /** The suggestion the customer pressed after the bot clarified this question. */
  chosen?: Chosen;
}

/** An entry customers picked from the bot's suggestions. */
export interface Chosen {
  entryId: string;
  title: string;
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
  /** Words of its questions that no entry of the language uses, most frequent first (at most UNKNOWN_WORDS_SHOWN): synonyms to add. */
  unknownWords?: string[];
  /** The entry customers pressed most often among the bot's suggestions for the group's questions, and how many times. */
  chosen?: Chosen & { count: number };
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
