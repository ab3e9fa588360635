/**
 * shared/: small helpers every other folder may use (bot/, knowledge/, adapters/, admin/, app/).
 * It imports nothing from the project, so using it never makes an import cycle.
 */
export { KeyedQueue } from './keyed-queue.ts';
export { backoffDelay, withRetries, type RetryOptions, type RetryPolicy } from './retry.ts';
