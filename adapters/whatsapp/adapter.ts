import type { ConversationRef, InboundEvent, StoredMessage } from '../../bot/index.ts';
import { WindowClosedError } from '../core/errors.ts';
import { downloadMedia, MAX_MEDIA_BYTES } from '../core/attachments.ts';
import { graphUrl, type GraphApiOptions } from '../core/graph.ts';
import { GraphAdapter, MetaWebhook } from '../core/meta.ts';
import type { PlannedCall, ProviderAdapterDeps, WindowState } from '../core/provider-adapter.ts';
import type { ChannelCapabilities, MediaContent, WebhookItem, WebhookRequest } from '../types.ts';
import { formatWhatsApp, templateMessage, WA_LIMITS } from './format.ts';
import { parseWhatsApp, WHATSAPP_CHANNEL } from './parse.ts';
import type { WaOutbound, WaSendResponse } from './types.ts';

/** WhatsApp Cloud API settings (from WHATSAPP_* and GRAPH_API_* configuration). */
export interface WhatsAppOptions {
  /** Token for `hub.verify_token` on the GET subscription check. */
  verifyToken: string;
  /** App secret: key of X-Hub-Signature-256. */
  appSecret: string;
  /** System-user or app access token for the /messages endpoint. */
  accessToken: string;
  /** The business phone number's id (not the number). */
  phoneNumberId: string;
  graph?: GraphApiOptions;
  /** Approved template sent instead of a free-form message outside the 24-hour window. None: such sends are refused. */
  template?: { name: string; language: string };
}

/**
 * Replies through the WhatsApp Cloud API: text, reply buttons or a list for suggestions, a read
 * receipt with typing indicator while the bot thinks, and the 24-hour customer-service window
 * enforced before any free-form send.
 */
export class WhatsAppAdapter extends GraphAdapter {
  readonly channel = WHATSAPP_CHANNEL;
  readonly capabilities: ChannelCapabilities = {
    markup: 'plain', maxSuggestions: WA_LIMITS.listRows, suggestionStyle: 'buttons', maxTextLength: WA_LIMITS.text, typingIndicator: true, messagingWindowHours: 24, files: 'link',
  };

  constructor(private readonly options: WhatsAppOptions, deps: ProviderAdapterDeps) {
    super(deps);
  }

  private post(body: Record<string, unknown>): { url: string; init: RequestInit } {
    return this.graphPost(this.options.graph, `${encodeURIComponent(this.options.phoneNumberId)}/messages`, this.options.accessToken, body);
  }

  private message(to: string, payload: WaOutbound): PlannedCall {
    return {
      ...this.post({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...payload }),
      providerId: (b) => (b as WaSendResponse | undefined)?.messages?.[0]?.id,
      acceptedAs: 'queued',
    };
  }

  protected plan(ref: ConversationRef, message: StoredMessage, window: WindowState | undefined): PlannedCall[] {
    if (window && !window.open) {
      if (!this.options.template) throw new WindowClosedError(this.channel, window.hours, window.lastInboundAt);
      this.log.info('outside the window: sending the configured template', { channel: this.channel, messageId: message.id, template: this.options.template.name });
      return [this.message(ref.userId, templateMessage(this.options.template.name, this.options.template.language))];
    }
    return formatWhatsApp(message).map((p) => this.message(ref.userId, p));
  }

  /**
   * A customer's photo, voice note or document by its media id: `GET /<id>` gives a short-lived
   * link, which also needs the access token. Meta keeps inbound media for 30 days; after that, or
   * for an id it does not know, undefined.
   */
  async media(id: string): Promise<MediaContent | undefined> {
    const authorization = `Bearer ${this.options.accessToken}`;
    const lookup = await fetch(graphUrl(this.options.graph ?? {}, encodeURIComponent(id)), { headers: { authorization }, signal: AbortSignal.timeout(10_000) });
    if (lookup.status === 400 || lookup.status === 404) return undefined;
    if (!lookup.ok) throw new Error(`WhatsApp media ${id}: the lookup answered ${lookup.status}`);
    const found = await lookup.json() as { url?: unknown; mime_type?: unknown; file_size?: unknown };
    if (typeof found.url !== 'string' || !/^https?:\/\//.test(found.url)) return undefined;
    if (Number(found.file_size) > MAX_MEDIA_BYTES) throw new Error(`WhatsApp media ${id} is larger than ${MAX_MEDIA_BYTES} bytes`);
    const file = await downloadMedia(found.url, authorization, `WhatsApp media ${id}`);
    // The lookup's MIME type is the one the customer's app sent; the download's may be generic.
    return file && (typeof found.mime_type === 'string' ? { ...file, contentType: found.mime_type } : file);
  }

  /** Blue ticks and "typing…" (shown until we reply, at most 25 s). Best effort: one attempt. */
  async acknowledge(_ref: ConversationRef, event: InboundEvent): Promise<void> {
    const { url, init } = this.post({ messaging_product: 'whatsapp', status: 'read', message_id: event.externalId, typing_indicator: { type: 'text' } });
    await this.bestEffort(url, init);
  }
}

/**
 * `GET|POST /webhooks/whatsapp`: Meta's subscription check, and message/status notifications
 * signed with X-Hub-Signature-256 over the raw body.
 */
export class WhatsAppWebhook extends MetaWebhook {
  readonly name = 'whatsapp';
  readonly path = '/webhooks/whatsapp';

  parse(req: WebhookRequest): WebhookItem[] {
    return parseWhatsApp(req.body);
  }
}

/** The WhatsApp adapter and its webhook. */
export function whatsappChannel(options: WhatsAppOptions, deps: ProviderAdapterDeps) {
  return { adapters: [new WhatsAppAdapter(options, deps)], endpoint: new WhatsAppWebhook(options) };
}
