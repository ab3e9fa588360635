/**
 * WhatsApp Cloud API webhooks are checked like every Meta webhook: `hub.verify_token` on the GET
 * subscription check, X-Hub-Signature-256 (HMAC-SHA256 with the app secret) over the raw body on
 * POST. The shared implementation lives in core/signatures.ts; re-exported here so every channel
 * folder has the same shape.
 */
export { hubChallenge as whatsappChallenge, verifyHubSignature as verifyWhatsAppSignature } from '../core/signatures.ts';
