import type { ConversationRef, InboundEvent, StoredMessage } from '../../bot/index.ts';
import { WindowClosedError } from '../core/errors.ts';
import type { GraphApiOptions } from '../core/graph.ts';
import { GraphAdapter, MetaWebhook } from '../core/meta.ts';
import type { PlannedCall, ProviderAdapterDeps, WindowState } from '../core/provider-adapter.ts';
import { hmacSha256Hex } from '../core/signatures.ts';
import type { ChannelCapabilities, WebhookItem, WebhookRequest } from '../types.ts';
import { formatMessenger, MESSENGER_LIMITS } from './format.ts';
import { MESSENGER_CHANNEL, parseMessenger } from './parse.ts';
import type { MessengerSendRequest, MessengerSendResponse } from './types.ts';

/** Messenger settings (from MESSENGER_* and GRAPH_API_* configuration). */
export interface MessengerOptions {
  verifyToken: string;
  /** App secret: key of X-Hub-Signature-256, and of the appsecret_proof sent with every call. */
  appSecret: string;
  pageAccessToken: string;
  graph?: GraphApiOptions;
}

/** Meta lets a person (never the bot) answer with the HUMAN_AGENT tag up to 7 days after the customer's last message. */
const HUMAN_AGENT_HOURS = 7 * 24;

/**
 * Replies through the Messenger Send API: text with quick replies for suggestions, mark_seen and
 * typing_on while the bot thinks, and the 24-hour standard messaging window enforced. Outside it
 * only an agent's message may go out, tagged HUMAN_AGENT, for up to 7 days.
 */
export class MessengerAdapter extends GraphAdapter {
  readonly channel = MESSENGER_CHANNEL;
  readonly capabilities: ChannelCapabilities = {
    markup: 'plain', maxSuggestions: MESSENGER_LIMITS.quickReplies, suggestionStyle: 'buttons', maxTextLength: MESSENGER_LIMITS.text, typingIndicator: true, messagingWindowHours: 24, files: 'link',
  };
  private readonly proof: string;

  constructor(private readonly options: MessengerOptions, deps: ProviderAdapterDeps) {
    super(deps);
    // appsecret_proof: calls with a leaked token alone are refused when the app requires it.
    this.proof = hmacSha256Hex(options.appSecret, options.pageAccessToken);
  }

  private post(body: object): { url: string; init: RequestInit } {
    return this.graphPost(this.options.graph, `me/messages?appsecret_proof=${this.proof}`, this.options.pageAccessToken, body);
  }

  protected plan(ref: ConversationRef, message: StoredMessage, window: WindowState | undefined): PlannedCall[] {
    let type: Pick<MessengerSendRequest, 'messaging_type' | 'tag'> = { messaging_type: 'RESPONSE' };
    if (window && !window.open) {
      if (message.role !== 'agent' || window.hoursSince >= HUMAN_AGENT_HOURS) throw new WindowClosedError(this.channel, window.hours, window.lastInboundAt);
      type = { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
    }
    return formatMessenger(message).map((m) => ({
      ...this.post({ recipient: { id: ref.userId }, ...type, message: m } satisfies MessengerSendRequest),
      providerId: (b) => (b as MessengerSendResponse | undefined)?.message_id,
      acceptedAs: 'sent',
    }));
  }

  /** "Seen" and "typing…" while the bot thinks. Best effort: one attempt each. */
  async acknowledge(ref: ConversationRef, _event: InboundEvent): Promise<void> {
    for (const action of ['mark_seen', 'typing_on']) {
      const { url, init } = this.post({ recipient: { id: ref.userId }, sender_action: action });
      await this.bestEffort(url, init);
    }
  }
}

/** `GET|POST /webhooks/messenger`: subscription check and page events signed over the raw body. */
export class MessengerWebhook extends MetaWebhook {
  readonly name = 'messenger';
  readonly path = '/webhooks/messenger';

  parse(req: WebhookRequest): WebhookItem[] {
    return parseMessenger(req.body);
  }
}

/** The Messenger adapter and its webhook. */
export function messengerChannel(options: MessengerOptions, deps: ProviderAdapterDeps) {
  return { adapters: [new MessengerAdapter(options, deps)], endpoint: new MessengerWebhook(options) };
}
