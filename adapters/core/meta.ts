import type { WebhookEndpoint, WebhookItem, WebhookRequest } from '../types.ts';
import { graphError, graphRetryable, graphUrl, type GraphApiOptions } from './graph.ts';
import { ProviderAdapter } from './provider-adapter.ts';
import { hubChallenge, verifyHubSignature } from './signatures.ts';

/**
 * What Meta's channels (WhatsApp Cloud API, Messenger) share: webhooks checked the same way, and
 * replies through the Graph API with the same errors and throttling codes. Each channel's
 * folder keeps what is its own: payload types, parse, format, and how a message becomes calls.
 */

/** The secrets every Meta webhook is checked with. */
export interface MetaWebhookSecrets {
  /** Token for `hub.verify_token` on the GET subscription check. */
  verifyToken: string;
  /** App secret: key of X-Hub-Signature-256 over the raw body. */
  appSecret: string;
}

/**
 * `GET|POST /webhooks/<name>`: Meta's subscription check (`hub.challenge`), and notifications
 * signed with X-Hub-Signature-256 over the raw body. Subclasses name the route and parse.
 */
export abstract class MetaWebhook implements WebhookEndpoint {
  abstract readonly name: string;
  abstract readonly path: string;

  constructor(private readonly secrets: MetaWebhookSecrets) {}

  challenge(query: URLSearchParams) {
    return hubChallenge(query, this.secrets.verifyToken);
  }

  verify(req: WebhookRequest) {
    return verifyHubSignature(req.headers['x-hub-signature-256'], req.body, this.secrets.appSecret);
  }

  abstract parse(req: WebhookRequest): WebhookItem[];
}

/** A provider adapter that sends through Meta's Graph API. */
export abstract class GraphAdapter extends ProviderAdapter {
  /** A JSON POST to `path` of the Graph API, authorised with `token`. */
  protected graphPost(graph: GraphApiOptions | undefined, path: string, token: string, body: object): { url: string; init: RequestInit } {
    return {
      url: graphUrl(graph ?? {}, path),
      init: { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) },
    };
  }

  /** Read receipts and typing indicators are best effort: one attempt, a short timeout. */
  protected bestEffort(url: string, init: RequestInit) {
    return this.call(url, init, { retries: 0, timeoutMs: this.deps.retry?.timeoutMs ?? 5000 });
  }

  protected override errorCode(body: unknown) {
    return graphError(body);
  }

  protected override retryable(status: number, code: string | undefined): boolean {
    return graphRetryable(status, code);
  }
}
