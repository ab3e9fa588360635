import { ConflictError, ForbiddenError, NotFoundError } from '../errors/index.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { Conversation, Ownership } from './types.ts';

/** Every ownership state, for exhaustive checks. */
export const OWNERSHIP_STATES: readonly Ownership[] = ['bot', 'queued', 'agent', 'resolved'];

/** The named moves of the ownership state machine. */
export type OwnershipAction = 'handoff' | 'claim' | 'transfer' | 'release' | 'resolve' | 'return' | 'cancel';

/**
 * The only legal moves. Anything else (the bot answering a claimed conversation, claiming a
 * resolved one, resolving one nobody claimed…) is refused with an OwnershipError.
 *
 * ```
 *  bot ──handoff──▶ queued ──claim──▶ agent ──resolve──▶ resolved ──return──▶ bot
 *   ▲                 │ ▲                 │ ▲
 *   └─────cancel──────┘ └────release──────┘ └─transfer (another agent)
 * ```
 * `cancel` is the customer leaving the queue before anyone claimed it ("never mind").
 */
export const OWNERSHIP_TRANSITIONS: ReadonlyArray<{ action: OwnershipAction; from: Ownership; to: Ownership }> = [
  { action: 'handoff', from: 'bot', to: 'queued' },
  { action: 'claim', from: 'queued', to: 'agent' },
  { action: 'transfer', from: 'agent', to: 'agent' },
  { action: 'release', from: 'agent', to: 'queued' },
  { action: 'resolve', from: 'agent', to: 'resolved' },
  { action: 'return', from: 'resolved', to: 'bot' },
  { action: 'cancel', from: 'queued', to: 'bot' },
];

/** The action that moves `from` to `to`, or undefined when the state machine forbids it. */
export function ownershipAction(from: Ownership, to: Ownership): OwnershipAction | undefined {
  return OWNERSHIP_TRANSITIONS.find((t) => t.from === from && t.to === to)?.action;
}

/** What a refused ownership change was about: answered to clients as the error's `details`. */
export interface OwnershipErrorDetails { conversationId: string; from?: Ownership; to?: Ownership; current?: Ownership; assignee?: string }

/**
 * A refused ownership change (409). `code`:
 * - `illegal`: the state machine has no such move from the conversation's state;
 * - `conflict`: someone else changed it first (two agents claiming: one of them gets this).
 * An actor who may not make the move gets a ForbiddenError (`forbidden`), an unknown
 * conversation a NotFoundError, both with the same details.
 */
export class OwnershipError extends ConflictError {
  override name = 'OwnershipError';
  declare readonly code: 'illegal' | 'conflict';
  declare readonly details: OwnershipErrorDetails;
  constructor(code: 'illegal' | 'conflict', message: string, details: OwnershipErrorDetails) {
    super(code, message, { details });
  }
}

export interface TransitionRequest {
  /**
   * The move the caller means. Without it the move is inferred from the current state, so a
   * claim that lost a race would silently become a transfer; with it, that is refused.
   */
  action?: OwnershipAction;
  /** Who asks: a user id, "bot", "customer" or "system". Stored with the change. */
  actor: string;
  reason?: string;
  /** The agent who will hold the conversation (claim, transfer). Defaults to the actor for a claim. */
  assignee?: string;
  /**
   * Only when the conversation is held by this agent (resolve, release, transfer by its
   * assignee). Omit for supervisors acting on anyone's conversation.
   */
  expectAssignee?: string;
}

const PAST: Record<OwnershipAction, string> = {
  handoff: 'handed off', claim: 'claimed', transfer: 'transferred', release: 'released', resolve: 'resolved', return: 'returned to the bot', cancel: 'taken out of the queue',
};

const stateOf = (c: Conversation) => (c.status === 'agent' && c.assignee ? `"agent" (held by ${c.assignee})` : `"${c.status}"`);

/**
 * The per-conversation ownership state machine, over the store's compare-and-set. Every
 * change is recorded with actor, reason and time (`store.ownershipHistory`).
 *
 * @example
 * const ownership = new ConversationOwnership(store);
 * await ownership.claim(conversationId, agent.id);          // queued → agent
 * await ownership.resolve(conversationId, agent.id, 'done'); // agent → resolved
 */
export class ConversationOwnership {
  constructor(private readonly store: ConversationStore) {}

  /**
   * Move the conversation to `to` from whatever state it is in now, if that move is legal.
   * @returns the conversation after the change.
   * @throws OwnershipError (`illegal`, `conflict`), ForbiddenError (not the holder), NotFoundError.
   */
  async transition(conversationId: string, to: Ownership, request: TransitionRequest): Promise<Conversation> {
    const current = await this.store.conversation(conversationId);
    if (!current) throw new NotFoundError(`no conversation ${conversationId}`, { details: { conversationId, to } });
    const from = current.status;
    const action = ownershipAction(from, to);
    if (!action) {
      const allowed = OWNERSHIP_TRANSITIONS.filter((t) => t.from === from).map((t) => `${t.action} (→ "${t.to}")`).join(', ');
      throw new OwnershipError('illegal', `cannot move conversation ${conversationId} from ${stateOf(current)} to "${to}"; from "${from}" only ${allowed || 'nothing'} is allowed`,
        { conversationId, from, to, current: from, assignee: current.assignee });
    }
    if (request.action && request.action !== action) {
      const expected = OWNERSHIP_TRANSITIONS.find((t) => t.action === request.action);
      throw new OwnershipError('illegal', `cannot ${request.action} conversation ${conversationId}: it is ${stateOf(current)}, and only "${expected?.from}" conversations can be ${PAST[request.action]}`,
        { conversationId, from, to, current: from, assignee: current.assignee });
    }
    const assignee = to === 'agent' ? request.assignee ?? (action === 'claim' ? request.actor : undefined) : undefined;
    if (to === 'agent' && !assignee) throw new OwnershipError('illegal', `${action} needs the agent who will hold conversation ${conversationId}`, { conversationId, from, to });
    if (action === 'transfer' && assignee === current.assignee) {
      throw new OwnershipError('illegal', `conversation ${conversationId} is already held by ${assignee}; transfer it to another agent`, { conversationId, from, to, current: from, assignee });
    }
    if (request.expectAssignee !== undefined && from === 'agent' && current.assignee !== request.expectAssignee) {
      throw new ForbiddenError('forbidden', `conversation ${conversationId} is held by ${current.assignee ?? 'nobody'}, not ${request.expectAssignee}`,
        { details: { conversationId, from, to, current: from, assignee: current.assignee } });
    }
    const expectAssignee = from === 'agent' ? current.assignee : undefined;
    const moved = await this.store.transition(conversationId, from, to, request.actor, request.reason ?? action, { assignee, expectAssignee });
    if (!moved) {
      const now = await this.store.conversation(conversationId);
      throw new OwnershipError('conflict', `conversation ${conversationId} changed meanwhile: it is now ${now ? stateOf(now) : 'gone'}, so it could not ${action} from ${stateOf(current)}`,
        { conversationId, from, to, current: now?.status, assignee: now?.assignee });
    }
    return (await this.store.conversation(conversationId))!;
  }

  /** bot → queued: a person should take over. */
  handoff(conversationId: string, actor: string, reason: string): Promise<Conversation> {
    return this.transition(conversationId, 'queued', { action: 'handoff', actor, reason });
  }

  /** queued → agent: `agentId` takes it. Of two agents claiming at once, exactly one wins. */
  claim(conversationId: string, agentId: string): Promise<Conversation> {
    return this.transition(conversationId, 'agent', { action: 'claim', actor: agentId, assignee: agentId, reason: 'claimed' });
  }

  /** agent → agent: hand a held conversation to another agent. */
  transfer(conversationId: string, actor: string, toAgentId: string, options: { reason?: string; onlyIfHeldBy?: string } = {}): Promise<Conversation> {
    return this.transition(conversationId, 'agent', { action: 'transfer', actor, assignee: toAgentId, reason: options.reason ?? 'transferred', expectAssignee: options.onlyIfHeldBy });
  }

  /** agent → queued: put it back for any agent to claim. */
  release(conversationId: string, actor: string, options: { reason?: string; onlyIfHeldBy?: string } = {}): Promise<Conversation> {
    return this.transition(conversationId, 'queued', { action: 'release', actor, reason: options.reason ?? 'released to the queue', expectAssignee: options.onlyIfHeldBy });
  }

  /** agent → resolved: done; the customer's next message goes to the bot again. */
  resolve(conversationId: string, actor: string, options: { reason?: string; onlyIfHeldBy?: string } = {}): Promise<Conversation> {
    return this.transition(conversationId, 'resolved', { action: 'resolve', actor, reason: options.reason ?? 'resolved', expectAssignee: options.onlyIfHeldBy });
  }

  /** queued → bot: the customer left the queue before an agent claimed the conversation. */
  cancelQueue(conversationId: string, actor: string, reason = 'left the queue'): Promise<Conversation> {
    return this.transition(conversationId, 'bot', { action: 'cancel', actor, reason });
  }

  /** resolved → bot. */
  returnToBot(conversationId: string, actor: string, reason = 'returned to the bot'): Promise<Conversation> {
    return this.transition(conversationId, 'bot', { action: 'return', actor, reason });
  }
}
