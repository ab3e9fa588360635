import type { ConversationRef, StoredMessage } from '../../bot/index.ts';
import { WindowClosedError } from '../core/errors.ts';
import type { AdapterError } from '../core/errors.ts';
import { ProviderAdapter, type PlannedCall, type ProviderAdapterDeps, type WindowState } from '../core/provider-adapter.ts';
import { downloadMedia, linkedFiles } from '../core/attachments.ts';
import type { ChannelCapabilities, MediaContent, WebhookEndpoint, WebhookItem, WebhookRequest } from '../types.ts';
import { formatSms, TWILIO_MAX_BODY } from './format.ts';
import { parseForm, parseTwilio, SMS_CHANNEL, TWILIO_WHATSAPP_CHANNEL } from './parse.ts';
import type { TwilioErrorBody, TwilioMessageResource } from './types.ts';
import { verifyTwilioSignature } from './verify.ts';

/** Twilio account settings (from TWILIO_* configuration). */
export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** Sender number (E.164) for SMS; "whatsapp:" + it for WhatsApp unless the customer wrote to another sender. */
  from?: string;
  /** Messaging Service that picks the sender; used instead of `from` when set. */
  messagingServiceSid?: string;
  /** REST API base URL. Default https://api.twilio.com. */
  apiBase?: string;
  /** Where Twilio posts delivery statuses (PUBLIC_URL + /webhooks/twilio/status); none when unset. */
  statusCallbackUrl?: string;
  /** Approved WhatsApp template (Content SID) sent instead of a free-form reply outside the 24-hour window. */
  whatsappContentSid?: string;
  /** Most SMS segments per message before splitting. Default 10. */
  maxSegments?: number;
}

/** Twilio error 21610: the recipient replied STOP; Twilio blocks sends until START. */
const TWILIO_OPTED_OUT = '21610';

/**
 * Replies through Twilio's Messages REST API, for SMS or for Twilio's WhatsApp sender
 * (`whatsapp:+…` addresses). The two are separate channels (own windows and opt-outs) served by
 * one class and one webhook.
 */
export class TwilioAdapter extends ProviderAdapter {
  readonly channel: string;
  readonly capabilities: ChannelCapabilities;
  private readonly whatsapp: boolean;

  constructor(private readonly options: TwilioOptions, deps: ProviderAdapterDeps, kind: 'sms' | 'whatsapp' = 'sms') {
    super(deps);
    this.whatsapp = kind === 'whatsapp';
    this.channel = this.whatsapp ? TWILIO_WHATSAPP_CHANNEL : SMS_CHANNEL;
    this.capabilities = {
      markup: 'plain', maxSuggestions: 0, suggestionStyle: 'numbered-text', maxTextLength: TWILIO_MAX_BODY, typingIndicator: false,
      messagingWindowHours: this.whatsapp ? 24 : undefined, files: 'link',
    };
  }

  private get accountUrl(): string {
    return `${(this.options.apiBase ?? 'https://api.twilio.com').replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(this.options.accountSid)}`;
  }

  private get messagesUrl(): string {
    return `${this.accountUrl}/Messages.json`;
  }

  private get authorization(): string {
    return `Basic ${Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64')}`;
  }

  /**
   * An MMS's or WhatsApp message's media by its ref (`MM…/ME…`, see twilio/parse.ts), with the
   * account's credentials: accounts that enforce HTTP auth on media links refuse a browser
   * without them. Twilio answers with a redirect to the file. Undefined once deleted.
   */
  async media(ref: string): Promise<MediaContent | undefined> {
    const [message, media] = ref.split('/');
    if (!message || !media || !/^MM\w+$/.test(message) || !/^ME\w+$/.test(media)) return undefined;
    return downloadMedia(`${this.accountUrl}/Messages/${message}/Media/${media}`, this.authorization, `Twilio media ${ref}`);
  }

  private sender(ref: ConversationRef): Record<string, string> {
    if (this.options.messagingServiceSid) return { MessagingServiceSid: this.options.messagingServiceSid };
    // Reply from the number the customer wrote to; fall back to the configured sender.
    const from = ref.threadId ?? (this.whatsapp ? `whatsapp:${this.options.from}` : this.options.from);
    if (!from) throw new Error('twilio: no sender (set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID)');
    return { From: from };
  }

  private request(form: Record<string, string>): PlannedCall {
    return {
      url: this.messagesUrl,
      init: {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams(form).toString(),
      },
      providerId: (body) => (body as TwilioMessageResource | undefined)?.sid,
      acceptedAs: 'queued',
    };
  }

  protected plan(ref: ConversationRef, message: StoredMessage, window: WindowState | undefined): PlannedCall[] {
    const base = { To: ref.userId, ...this.sender(ref), ...(this.options.statusCallbackUrl ? { StatusCallback: this.options.statusCallbackUrl } : {}) };
    if (window && !window.open) {
      if (!this.options.whatsappContentSid) throw new WindowClosedError(this.channel, window.hours, window.lastInboundAt);
      this.log.info('outside the window: sending the configured template', { channel: this.channel, messageId: message.id });
      return [this.request({ ...base, ContentSid: this.options.whatsappContentSid })];
    }
    const parts = formatSms(message, { maxSegments: this.options.maxSegments, countSegments: !this.whatsapp });
    // An agent's files follow the words, one message each (WhatsApp takes one medium a message; MMS
    // where the carrier has it, else Twilio's MMS converter sends a link).
    return [...parts.map((p) => this.request({ ...base, Body: p.body })), ...linkedFiles(message).map((f) => this.request({ ...base, MediaUrl: f.url }))];
  }

  protected override errorCode(body: unknown) {
    const b = body as TwilioErrorBody | undefined;
    return { code: b?.code !== undefined ? String(b.code) : undefined, message: b?.message };
  }

  protected override async onRefused(ref: ConversationRef, err: AdapterError): Promise<void> {
    if (err.details.providerCode !== TWILIO_OPTED_OUT) return;
    // Twilio knows about an opt-out we missed (e.g. STOP sent before this bot existed): remember it.
    const customerId = await this.deps.channels.customerOf(ref.channel, ref.userId);
    if (customerId) await this.deps.channels.setOptOut(customerId, this.channel, true, 'twilio-21610');
  }
}

/**
 * Twilio's webhooks: inbound messages at `/webhooks/twilio`, delivery statuses at
 * `/webhooks/twilio/status`. Both signed with X-Twilio-Signature over the URL and every
 * parameter; answered at once with empty TwiML (the reply goes out through the REST API).
 */
export class TwilioWebhook implements WebhookEndpoint {
  readonly name = 'twilio';
  readonly path = '/webhooks/twilio';
  readonly statusPath = '/webhooks/twilio/status';
  readonly successResponse = { contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' };

  constructor(private readonly authToken: string) {}

  verify(req: WebhookRequest) {
    const header = req.headers['x-twilio-signature'];
    if (!header) return { ok: false as const, status: 401 as const, reason: 'missing X-Twilio-Signature' };
    return verifyTwilioSignature(header, req.url, parseForm(req.body), this.authToken);
  }

  parse(req: WebhookRequest): WebhookItem[] {
    return parseTwilio(parseForm(req.body));
  }
}

/** Both Twilio senders and their shared webhook. */
export function twilioChannel(options: TwilioOptions, deps: ProviderAdapterDeps) {
  return {
    adapters: [new TwilioAdapter(options, deps, 'sms'), new TwilioAdapter(options, deps, 'whatsapp')],
    endpoint: new TwilioWebhook(options.authToken),
  };
}
