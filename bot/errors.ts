/** A customer message the bot refuses before storing anything (empty, too long, malformed). */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    /** Machine-readable reason, also used by adapters in their error replies. */
    readonly code: 'empty' | 'too_long' | 'bad_event',
    message: string,
  ) {
    super(message);
  }
}
