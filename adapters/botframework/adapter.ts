import type { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import express, { type Router } from 'express';
import { silentLogger, type ConversationRef, type InboundEvent, type Logger, type StoredMessage } from '../../bot/index.ts';
import { BadRequestError, errorHandler, readBody, UnauthorizedError } from '../../errors/index.ts';
import { MalformedPayloadError } from '../core/errors.ts';
import { storableItems } from '../core/storable-items.ts';
import { ProviderAdapter, type PlannedCall, type ProviderAdapterDeps } from '../core/provider-adapter.ts';
import type { ChannelRuntime } from '../core/runtime.ts';
import type { ChannelStore } from '../core/channel-store.ts';
import type { ChannelCapabilities, WebhookEndpoint, WebhookItem, WebhookRequest } from '../types.ts';
import { BF_MAX_SUGGESTIONS, BF_MAX_TEXT, formatActivities, typingActivity } from './format.ts';
import { addressOf, BOTFRAMEWORK_CHANNEL, bfUserId, checkedActivity, parseActivity, parseActivityBody } from './parse.ts';
import type { BfActivity, BfAddress, BfResourceResponse } from './types.ts';
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
  readonly capabilities: ChannelCapabilities = { markup: 'markdown', maxSuggestions: BF_MAX_SUGGESTIONS, suggestionStyle: 'buttons', maxTextLength: BF_MAX_TEXT, typingIndicator: true };
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

  /** "Typing…" while the bot thinks. Best effort: one attempt. */
  async acknowledge(ref: ConversationRef, _event: InboundEvent): Promise<void> {
    const address = await this.address(ref);
    const { url, init } = await this.request(address, typingActivity(address));
    await this.call(url, init, { retries: 0, timeoutMs: this.deps.retry?.timeoutMs ?? 5000 });
  }
}

/**
 * `POST /api/messages`, served by botbuilder's CloudAdapter: botbuilder validates the channel's JWT
 * and runs our turn logic, which only records where to reply and queues the work, so the channel
 * gets its 200 at once.
 */
export class BotFrameworkEndpoint implements WebhookEndpoint {
  readonly name = 'botframework';
  readonly path = '/api/messages';
  private sdk?: Promise<{ auth: ConfigurationBotFrameworkAuthentication; cloudAdapter: CloudAdapter }>;

  constructor(private readonly options: BotFrameworkCredentials) {}

  /**
   * botbuilder's authentication and CloudAdapter, the SDK loaded on the first request: it adds
   * about 50 MB to a server's memory, paid only once the endpoint is used (the channel is mounted
   * by default, for local use with the Emulator).
   */
  load(): Promise<{ auth: ConfigurationBotFrameworkAuthentication; cloudAdapter: CloudAdapter }> {
    this.sdk ??= Promise.all([import('./verify.ts'), import('botbuilder')]).then(([{ botFrameworkAuthentication }, { CloudAdapter }]) => {
      const auth = botFrameworkAuthentication(this.options);
      return { auth, cloudAdapter: new CloudAdapter(auth) };
    });
    return this.sdk;
  }

  async verify(req: WebhookRequest) {
    const [{ auth }, { verifyBotFrameworkRequest }] = await Promise.all([this.load(), import('./verify.ts')]);
    return verifyBotFrameworkRequest(auth, parseActivityBody(req.body), req.headers.authorization);
  }

  parse(req: WebhookRequest): WebhookItem[] {
    return parseActivity(parseActivityBody(req.body));
  }

  /**
   * Turn logic for the CloudAdapter: remember the address, queue the items (parsed from the same
   * activity before the turn, so a malformed one is a 400 rather than an error inside botbuilder).
   */
  async onTurn(context: TurnContext, channels: ChannelStore, runtime: ChannelRuntime, items: WebhookItem[]): Promise<void> {
    const activity = context.activity as unknown as BfActivity;
    if (items.some((i) => i.kind === 'event')) await channels.saveAddress(BOTFRAMEWORK_CHANNEL, bfUserId(activity), addressOf(activity));
    await runtime.accept(items);
  }
}

/** Express glue for `/api/messages`: JSON body (limit 5 MB), botbuilder authentication, the turn on the CloudAdapter; 400/401/413 mapped. */
export function botFrameworkRouter(endpoint: BotFrameworkEndpoint, runtime: ChannelRuntime, channels: ChannelStore, options: { logger?: Logger; limit?: string } = {}): Router {
  const log = options.logger ?? silentLogger;
  const router = express.Router();
  router.post(endpoint.path, readBody(express.json({ limit: options.limit ?? '5mb' })), async (req, res) => {
    let body: BfActivity;
    let items: WebhookItem[];
    try {
      body = checkedActivity(req.body);
      items = storableItems(parseActivity(body));
    } catch (err) {
      if (!(err instanceof MalformedPayloadError)) throw err;
      log.warn('webhook malformed', { endpoint: endpoint.name, error: err.message });
      throw new BadRequestError('bad_request', `expected an activity: ${err.message}`, { cause: err });
    }
    // Authenticate first, so every failure (missing, expired, forged token) is a 401 with a log
    // line; CloudAdapter.process would answer 500 to a token with a bad signature.
    let authenticated;
    try {
      authenticated = await (await endpoint.load()).auth.authenticateRequest(body as Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>[0], req.headers.authorization ?? '');
    } catch (err) {
      log.warn('webhook refused', { endpoint: endpoint.name, status: 401, reason: (err as Error).message });
      throw new UnauthorizedError('unauthorized', 'invalid or missing Bot Framework token', { cause: err });
    }
    const { cloudAdapter } = await endpoint.load();
    await cloudAdapter.processActivityDirect(authenticated, body as Parameters<CloudAdapter['processActivityDirect']>[1], (context) => endpoint.onTurn(context, channels, runtime, items));
    res.status(200).end();
  });
  router.use(endpoint.path, errorHandler({ logger: log, label: 'webhook failed', fields: { endpoint: endpoint.name } }));
  return router;
}

/** The Bot Framework adapter and its endpoint. */
export function botFrameworkChannel(options: BotFrameworkOptions, deps: ProviderAdapterDeps) {
  return { adapters: [new BotFrameworkAdapter(options, deps)], endpoint: new BotFrameworkEndpoint(options) };
}
