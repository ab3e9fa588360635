import { BadRequestError, UnavailableError } from '../../errors/index.ts';

/**
 * A provider refused a request or could not be reached. `retryable` says whether trying
 * again later could help (429, 5xx, network); the runtime records it as a send failure.
 */
export class AdapterError extends Error {
  override name = 'AdapterError';
  constructor(
    readonly channel: string,
    message: string,
    readonly details: {
      /** HTTP status, when the provider answered. */
      status?: number;
      retryable: boolean;
      /** Attempts made before giving up. */
      attempts?: number;
      /** The provider's own error code (Twilio 21610, Meta 131047…). */
      providerCode?: string;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get retryable(): boolean {
    return this.details.retryable;
  }
}

/**
 * A free-form message would be sent outside the channel's customer-service window (WhatsApp,
 * Messenger: 24 hours after the customer's last message). Refused before calling the provider.
 */
export class WindowClosedError extends Error {
  override name = 'WindowClosedError';
  constructor(
    readonly channel: string,
    readonly windowHours: number,
    readonly lastInboundAt: Date | undefined,
  ) {
    super(`${channel}: refused to send a free-form message outside the ${windowHours}-hour customer service window `
      + `(customer's last message: ${lastInboundAt ? lastInboundAt.toISOString() : 'never'}); only an approved template may be sent`);
  }
}

/** The customer opted out of this channel (SMS STOP): nothing but opt-in confirmations may be sent. */
export class OptedOutError extends Error {
  override name = 'OptedOutError';
  constructor(readonly channel: string, readonly userId: string) {
    super(`${channel}: the customer opted out (STOP); message not sent`);
  }
}

/** A webhook body that is not valid JSON / form data of the expected shape: answered 400 `bad_request`. */
export class MalformedPayloadError extends BadRequestError {
  override name = 'MalformedPayloadError';
  /** `code`: the error code clients see; the chat API's is `bad_json` for bytes that are not JSON. */
  constructor(readonly channel: string, message: string, code = 'bad_request') {
    super(code, `${channel}: ${message}`);
  }
}

/**
 * A repeat of a message that is stored and still being answered (by this instance or another):
 * answered once, so the caller is told to ask again shortly (503 `busy` with Retry-After).
 */
export class StillAnsweringError extends UnavailableError {
  override name = 'StillAnsweringError';
  constructor(readonly channel: string, readonly externalId: string) {
    super('busy', `${channel}: message "${externalId}" is stored and still being answered; ask again shortly`, { retryAfterSeconds: 1 });
  }
}
