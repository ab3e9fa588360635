import type { StoredMessage } from '../../bot/index.ts';
import { renderHtml, renderPlainText } from '../../knowledge/index.ts';
import type { WireMessage } from './types.ts';

/** A stored message as the widget shows it: customers' words stay text; bot and agent Markdown becomes sanitized HTML. */
export function toWire(m: StoredMessage): WireMessage {
  const rich = m.role !== 'customer';
  return {
    id: m.id,
    seq: m.seq,
    role: m.role,
    text: rich ? renderPlainText(m.text) : m.text,
    html: rich ? renderHtml(m.text) : undefined,
    lang: m.lang,
    suggestions: m.suggestions,
    handoff: m.handoff,
    entryId: m.entryId,
    confidence: m.confidence,
    createdAt: m.createdAt.toISOString(),
  };
}
