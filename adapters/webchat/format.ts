import type { StoredMessage } from '../../bot/index.ts';
import { renderHtml, renderPlainText } from '../../knowledge/index.ts';
import { attachmentMarks } from '../core/attachments.ts';
import type { WireMessage } from './types.ts';

/**
 * A stored message as the widget shows it: customers' words stay text; bot and agent Markdown
 * becomes sanitized HTML. `isSmallTalk` tells replies from conversation entries (small talk),
 * which are marked so the widget offers no rating for them.
 */
export function toWire(m: StoredMessage, isSmallTalk?: (entryId: string) => boolean): WireMessage {
  const rich = m.role !== 'customer';
  return {
    id: m.id,
    seq: m.seq,
    role: m.role,
    // A photo sent on another channel, without words, shows as its mark.
    text: rich ? renderPlainText(m.text) : m.text || attachmentMarks(m.attachments),
    html: rich ? renderHtml(m.text) : undefined,
    lang: m.lang,
    suggestions: m.suggestions,
    handoff: m.handoff,
    entryId: m.entryId,
    confidence: m.confidence,
    ...(m.role === 'bot' && m.entryId && isSmallTalk?.(m.entryId) ? { smallTalk: true } : {}),
    createdAt: m.createdAt.toISOString(),
  };
}
