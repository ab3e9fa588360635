import type express from 'express';
import { botFrameworkChannel, ChannelRuntime, ChannelStore, messengerChannel, twilioChannel, webhookRouter, whatsappChannel, type ChannelAdapter } from '../adapters/index.ts';
import type { Bot, ConversationStore, Logger } from '../bot/index.ts';
import type { AppConfig } from './config.ts';

/** What mountChannels built: the runtime (`runtime.start()` answers stored work; tests await `runtime.idle()`) and what it mounted. */
export interface MountedChannels {
  runtime: ChannelRuntime;
  channels: ChannelStore;
  /** Channel ids with an adapter (sms, twilio-whatsapp, whatsapp, messenger, botframework). */
  mounted: string[];
  /** Finish the work in flight (call before closing the database); what is left stays stored. */
  close(): Promise<void>;
}

/**
 * Mount the messaging channels whose secrets are configured, on their fixed routes
 * (`/webhooks/twilio`, `/webhooks/twilio/status`, `/webhooks/whatsapp`, `/webhooks/messenger`,
 * `/api/messages`), and say at startup which ones are not mounted and why. Adapters are added to
 * `adapters`, through which the agent console replies.
 */
export function mountChannels(app: express.Express, deps: {
  bot: Bot; store: ConversationStore; config: AppConfig; logger: Logger; adapters?: Map<string, ChannelAdapter>;
  /** A customer's verdict on a bot answer, as the web chat's buttons record it (customers react with 👍 / 👎 in messaging apps). */
  onFeedback?: (input: { conversationId: string; messageId: string; helpful: boolean | null }) => Promise<unknown>;
}): MountedChannels {
  const { config, logger: log } = deps;
  const c = config.channels;
  const channels = new ChannelStore(deps.store.db);
  const base = { channels, logger: log };
  const graph = { base: c.graphApiBase, version: c.graphApiVersion };
  const adapters: ChannelAdapter[] = [];
  const routes: Array<(runtime: ChannelRuntime) => express.Router> = [];

  if (c.twilio) {
    const tw = twilioChannel({ ...c.twilio, statusCallbackUrl: c.publicUrl ? `${c.publicUrl}/webhooks/twilio/status` : undefined }, base);
    adapters.push(...tw.adapters);
    routes.push((runtime) => webhookRouter(tw.endpoint, runtime, { publicUrl: c.publicUrl, logger: log }));
    if (!c.publicUrl) log.warn('PUBLIC_URL is not set: Twilio signatures are checked against the Host header, and no delivery statuses are requested');
  }
  if (c.whatsapp) {
    const wa = whatsappChannel({ ...c.whatsapp, graph }, base);
    adapters.push(...wa.adapters);
    routes.push((runtime) => webhookRouter(wa.endpoint, runtime, { logger: log }));
  }
  if (c.messenger) {
    const ms = messengerChannel({ ...c.messenger, graph }, base);
    adapters.push(...ms.adapters);
    routes.push((runtime) => webhookRouter(ms.endpoint, runtime, { logger: log }));
  }
  if (c.botframework) {
    const bf = botFrameworkChannel(c.botframework, base);
    adapters.push(...bf.adapters);
    routes.push((runtime) => webhookRouter(bf.endpoint, runtime, { logger: log }));
    if (!c.botframework.appId) log.warn('Bot Framework endpoint /api/messages runs without MICROSOFT_APP_ID: local use only (no authentication; replies go to loopback service URLs only)');
  }

  const runtime = new ChannelRuntime({
    bot: deps.bot, channels, adapters, logger: log, linkByPhone: c.linkPhoneIdentities, defaultLang: deps.config.defaultLang, concurrency: deps.config.workConcurrency,
    leaseSeconds: deps.config.workLeaseSeconds, pollMs: deps.config.workPollMs, retentionHours: deps.config.intakeRetentionHours,
    languageOf: async (customerId, channel) => (await deps.store.conversationFor(customerId, channel)).lang,
    onReaction: deps.onFeedback && (async ({ messageId, helpful }) => {
      const message = await deps.store.message(messageId);
      if (message) await deps.onFeedback!({ conversationId: message.conversationId, messageId, helpful });
    }),
  });
  for (const route of routes) app.use(route(runtime));
  for (const a of adapters) deps.adapters?.set(a.channel, a);

  const mounted = adapters.map((a) => a.channel);
  if (mounted.length) log.info('channels mounted', { channels: mounted });
  for (const n of c.notMounted) {
    (n.partlyConfigured ? log.warn : log.info)(`channel ${n.channel} not mounted: missing ${n.missing.join(', ')}`, { channel: n.channel, missing: n.missing });
  }
  return { runtime, channels, mounted, close: () => runtime.close() };
}
