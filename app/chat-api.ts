import express, { type Router } from 'express';
import { z } from 'zod';
import { InputError, type Bot, type Logger } from '../bot/index.ts';
import { renderHtml, renderPlainText } from '../knowledge/index.ts';

const ChatRequest = z.object({
  userId: z.string().min(1).max(128),
  text: z.string(),
  lang: z.string().regex(/^[a-z]{2,3}$/).optional(),
  /** Caller's id for this message; a retry with the same id is answered once. */
  messageId: z.string().min(1).max(128).optional(),
  /** Ask for this entry directly (a suggestion the client showed). */
  entryId: z.string().min(1).max(200).optional(),
});

/**
 * `POST /api/chat`: the JSON API for programmatic clients and evaluation scripts.
 * Channel "api"; each userId is one customer.
 */
export function chatApi(bot: Bot, log: Logger): Router {
  const router = express.Router();
  router.post('/api/chat', async (req, res) => {
    const parsed = ChatRequest.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res.status(400).json({ error: 'bad_request', message: `${issue?.path.join('.') || 'body'}: ${issue?.message}` });
      return;
    }
    const { userId, text, lang, messageId, entryId } = parsed.data;
    const conversation = { channel: 'api', userId };
    const externalId = messageId ?? `api-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    try {
      const result = await bot.handle(entryId
        ? { type: 'choose', conversation, externalId, from: { id: userId }, choice: { entryId, title: text }, lang }
        : { type: 'message', conversation, externalId, from: { id: userId }, text, lang });
      res.json({
        conversationId: result.conversationId,
        lang: result.lang,
        handoff: result.handoff,
        duplicate: result.duplicate || undefined,
        replies: result.replies.map((r) => ({
          text: renderPlainText(r.text),
          markdown: r.text,
          html: renderHtml(r.text),
          lang: r.lang,
          entryId: r.entryId,
          confidence: r.confidence,
          suggestions: r.suggestions,
          handoff: r.handoff || undefined,
        })),
      });
    } catch (err) {
      if (err instanceof InputError) {
        res.status(400).json({ error: err.code, message: err.message });
        return;
      }
      log.error('chat api failed', { error: String(err), stack: (err as Error).stack });
      res.status(500).json({ error: 'internal', message: 'something went wrong' });
    }
  });
  return router;
}
