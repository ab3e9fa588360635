import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { ConversationRef, InboundEvent, StoredMessage } from '../../bot/index.ts';
import { ProviderAdapter, type PlannedCall, type ProviderAdapterDeps } from '../core/provider-adapter.ts';
import type { ChannelStore } from '../core/channel-store.ts';
import { downloadMedia } from '../core/attachments.ts';
import type { ChannelCapabilities, MediaContent, WebhookEndpoint, WebhookItem, WebhookRequest } from '../types.ts';
import { BF_MAX_SUGGESTIONS, BF_MAX_TEXT, formatActivities, typingActivity } from './format.ts';
import { addressOf, BOTFRAMEWORK_CHANNEL, connectorMediaUrl, parseActivity, parseActivityBody } from './parse.ts';
import type { BfActivity, BfAddress, BfResourceResponse } from './types.ts';
// verify.ts loads botbuilder (~50 MB): imported on the endpoint's first request, not at start.
import type { BotFrameworkCredentials } from './verify.ts';

export interface BotFrameworkOptions extends BotFrameworkCredentials {
  /**
   * Bearer token for calls to the channel's service URL. Default: botbuilder's app credentials
   * (client-credentials token from Microsoft Entra) when an app id is set, none otherwise.
   */
  token?: () => Promise<string | undefined>;
}

/** Without credentials nobody is authenticated, so replies may only go to a local Emulator. */
function isLoopback(serviceUrl: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serviceUrl).hostname);
  } catch {
    return false;
  }
}

/** Default token source: botbuilder's credentials for our app id, against Microsoft Entra (the SDK loaded on first use). */
function appCredentialsToken(o: BotFrameworkCredentials): () => Promise<string | undefined> {
  if (!o.appId) return async () => undefined;
  let factory: Promise<{ createCredentials(appId: string, audience: string, login: string, validate: boolean): Promise<unknown> }> | undefined;
  const login = o.tenantId && o.appType === 'SingleTenant' ? `https://login.microsoftonline.com/${o.tenantId}` : 'https://login.microsoftonline.com/botframework.com';
  return async () => {
    factory ??= import('botbuilder').then(({ ConfigurationServiceClientCredentialFactory }) => new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: o.appId, MicrosoftAppPassword: o.appPassword, MicrosoftAppType: o.appType ?? 'MultiTenant', MicrosoftAppTenantId: o.tenantId,
    }));
    const creds = await (await factory).createCredentials(o.appId!, 'https://api.botframework.com', login, true) as { getToken?(): Promise<string> };
    return creds.getToken?.();
  };
}

/**
 * Replies into Bot Framework conversations (Teams, Direct Line, Web Chat through Azure Bot
 * Service, the Emulator) by posting activities to the conversation's service URL, with the same
 * retries and failure records as the other channels.
 */
export class BotFrameworkAdapter extends ProviderAdapter {
  readonly channel = BOTFRAMEWORK_CHANNEL;
  readonly capabilities: ChannelCapabilities = { markup: 'markdown', maxSuggestions: BF_MAX_SUGGESTIONS, suggestionStyle: 'buttons', maxTextLength: BF_MAX_TEXT, typingIndicator: true, files: 'link' };
  private readonly token: () => Promise<string | undefined>;

  constructor(private readonly options: BotFrameworkOptions, deps: ProviderAdapterDeps) {
    super(deps);
    this.token = options.token ?? appCredentialsToken(options);
  }

  private async address(ref: ConversationRef): Promise<BfAddress> {
    const address = await this.deps.channels.address<BfAddress>(this.channel, ref.userId);
    if (!address) throw new Error(`botframework: no conversation known for ${ref.userId}`);
    if (!this.options.appId && !isLoopback(address.serviceUrl)) throw new Error('botframework: without MICROSOFT_APP_ID replies only go to a local Emulator (loopback service URL)');
    return address;
  }

  private async request(address: BfAddress, activity: Partial<BfActivity>): Promise<{ url: string; init: RequestInit }> {
    const token = await this.token();
    return {
      url: `${address.serviceUrl.replace(/\/+$/, '')}/v3/conversations/${encodeURIComponent(address.conversation.id)}/activities`,
      init: { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(activity) },
    };
  }

  protected async plan(ref: ConversationRef, message: StoredMessage): Promise<PlannedCall[]> {
    const address = await this.address(ref);
    const calls: PlannedCall[] = [];
    for (const activity of formatActivities(message, address)) {
      calls.push({ ...await this.request(address, activity), providerId: (b) => (b as BfResourceResponse | undefined)?.id, acceptedAs: 'sent' });
    }
    return calls;
  }

  /**
   * An image the connector keeps (parse.ts: connectorMediaRef), fetched with the bot's token.
   * Without an app id nothing is authenticated, so, as replies, only a local Emulator's.
   */
  async media(ref: string): Promise<MediaContent | undefined> {
    const url = connectorMediaUrl(ref);
    if (!url) return undefined;
    if (!this.options.appId && !isLoopback(url)) throw new Error('botframework: without MICROSOFT_APP_ID media is only fetched from a local Emulator');
    const token = await this.token();
    return downloadMedia(url, token ? `Bearer ${token}` : undefined, 'botframework attachment');
  }

  /** "Typing…" while the bot thinks. Best effort: one attempt. */
  async acknowledge(ref: ConversationRef, _event: InboundEvent): Promise<void> {
    const address = await this.address(ref);
    const { url, init } = await this.request(address, typingActivity(address));
    await this.call(url, init, { retries: 0, timeoutMs: this.deps.retry?.timeoutMs ?? 5000 });
  }
}

/**
 * `POST /api/messages`, served by the webhook router like every provider's endpoint
 * (`webhookRouter`): botbuilder validates the channel's JWT (`verify`), the activity becomes
 * items (`parse`), the endpoint remembers where to reply, and the items are stored before the
 * channel gets its 200. No botbuilder turn runs: replies are posted by BotFrameworkAdapter.
 */
export class BotFrameworkEndpoint implements WebhookEndpoint {
  readonly name = 'botframework';
  readonly path = '/api/messages';
  private sdk?: Promise<{ auth: ConfigurationBotFrameworkAuthentication; verify: typeof import('./verify.ts').verifyBotFrameworkRequest }>;

  constructor(private readonly options: BotFrameworkCredentials, private readonly channels: ChannelStore) {}

  /**
   * botbuilder's authentication, the SDK loaded on the first request: it adds about 50 MB to a
   * server's memory, paid only once the endpoint is used (the channel is mounted by default, for
   * local use with the Emulator).
   */
  private load() {
    this.sdk ??= import('./verify.ts').then(({ botFrameworkAuthentication, verifyBotFrameworkRequest }) => ({
      auth: botFrameworkAuthentication(this.options), verify: verifyBotFrameworkRequest,
    }));
    return this.sdk;
  }

  /**
   * The bearer token for this activity: 401 when missing or invalid.
   * @throws MalformedPayloadError when the body is not an activity (the token covers its service URL).
   */
  async verify(req: WebhookRequest) {
    const body = this.activityOf(req);
    const { auth, verify } = await this.load();
    return verify(auth, body, req.headers.authorization);
  }

  parse(req: WebhookRequest): WebhookItem[] {
    return parseActivity(this.activityOf(req));
  }

  /** Both steps read the same activity: the body is decoded and validated once per request. */
  private readonly activities = new WeakMap<Buffer, BfActivity>();
  private activityOf(req: WebhookRequest): BfActivity {
    let activity = this.activities.get(req.body);
    if (!activity) {
      activity = parseActivityBody(req.body);
      this.activities.set(req.body, activity);
    }
    return activity;
  }

  /** Where to reply to each message: its service URL, conversation and accounts. */
  async remember(items: WebhookItem[]): Promise<void> {
    for (const item of items) {
      if (item.kind !== 'event') continue;
      await this.channels.saveAddress(BOTFRAMEWORK_CHANNEL, item.event.conversation.userId, addressOf(item.event.raw as BfActivity));
    }
  }
}

/** The Bot Framework adapter and its endpoint. */
export function botFrameworkChannel(options: BotFrameworkOptions, deps: ProviderAdapterDeps) {
  return { adapters: [new BotFrameworkAdapter(options, deps)], endpoint: new BotFrameworkEndpoint(options, deps.channels) };
}
