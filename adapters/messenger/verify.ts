/**
 * Messenger webhooks are checked like every Meta webhook: `hub.verify_token` on the GET
 * subscription check, X-Hub-Signature-256 (HMAC-SHA256 with the app secret) over the raw body on
 * POST. Shared implementation in core/signatures.ts.
 */
export { hubChallenge as messengerChallenge, verifyHubSignature as verifyMessengerSignature } from '../core/signatures.ts';
