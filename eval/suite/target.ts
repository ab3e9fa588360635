import { phrase, type Suggestion } from '../../bot/index.ts';
import type { Step, Zone } from './format.ts';

/** One bot reply as a target reports it. */
export interface BotReply {
  text: string;
  lang?: string;
  entryId?: string;
  confidence?: number;
  suggestions?: Suggestion[];
  handoff?: boolean;
  role?: string;
}

/** What the bot did with one customer turn. */
export interface TurnOutcome {
  conversationId: string;
  /** The conversation's language after the turn (the replies' when they have one). */
  lang: string;
  /** The conversation is with the human queue or an agent after the turn. */
  handoff: boolean;
  replies: BotReply[];
  latencyMs: number;
}

export interface CustomerInput {
  /** One conversation per test: the customer's id on the channel. */
  userId: string;
  text: string;
  channel: string;
  lang?: string;
  /** The clock at this turn. */
  at?: Date;
}

/** Where a suite runs: the bot in this process, a server over HTTP, or the test console's matching only. */
export interface SuiteTarget {
  /** Shown in reports: what was tested. */
  readonly description: string;
  readonly kind: 'in-process' | 'http' | 'console';
  /** Steps this target cannot run, with the reason (a test using one is skipped, not failed). */
  unsupported(step: Step): string | undefined;
  say(input: CustomerInput): Promise<TurnOutcome>;
  agent(conversationId: string, action: 'claim' | 'reply' | 'resolve', text?: string): Promise<void>;
  /** Customer texts in the latest handoff packet's transcript of a conversation (undefined: no handoff). */
  handoffTranscript(conversationId: string): Promise<string[] | undefined>;
  /** Entry ids × languages the knowledge base holds (coverage). */
  entries(): Promise<Array<{ id: string; langs: string[]; notFaq: boolean }>>;
  close(): Promise<void>;
}

const CLARIFY_KEYS = ['clarify', 'clarifyOne'] as const;

/**
 * The zone of a turn from what the customer got, the same way in process and over HTTP: a
 * handoff notice or a conversation with a person is `handoff`; a reply from an entry is `answer`
 * (small talk too: its entry is the conversation entry); no reply at all is `none` (a person
 * holds the conversation); the clarify question is `clarify`;
 * anything else (not understood, with starter topics) is `fallback`.
 */
export function zoneOf(outcome: TurnOutcome): Zone | 'none' {
  if (outcome.replies.some((r) => r.handoff)) return 'handoff';
  const answered = outcome.replies.find((r) => r.entryId);
  if (answered) return 'answer';
  if (!outcome.replies.length) return 'none';
  if (outcome.handoff) return 'handoff';
  const clarify = outcome.replies.some((r) => CLARIFY_KEYS.some((k) => r.text.trim() === phrase(k, r.lang ?? outcome.lang).text));
  return clarify ? 'clarify' : 'fallback';
}
