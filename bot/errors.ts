import { BadRequestError } from '../errors/index.ts';

/** A customer message the bot refuses before storing anything (empty, too long, malformed): a 400. */
export class InputError extends BadRequestError {
  override name = 'InputError';
  declare readonly code: 'empty' | 'too_long' | 'bad_event';
  constructor(
    /** Machine-readable reason, also used by adapters in their error replies. */
    code: 'empty' | 'too_long' | 'bad_event',
    message: string,
  ) {
    super(code, message);
  }
}
