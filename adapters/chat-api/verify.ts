import type { VerifyResult } from '../types.ts';

/**
 * The chat API is public, like the web chat: no provider signs its requests, and the caller is
 * known only by the userId it sends. Every request passes; the backlog limit and the body
 * schema are what stand between a caller and the bot.
 */
export function verifyChatRequest(): VerifyResult {
  return { ok: true };
}
