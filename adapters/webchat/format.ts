import type { Attachment, StoredMessage } from '../../bot/index.ts';
import { renderHtml, renderPlainText } from '../../knowledge/index.ts';
import { attachmentMarks } from '../core/attachments.ts';
import type { WireAttachment, WireMessage } from './types.ts';
import { keptFilePath } from '../../shared/file-paths.ts';

/** Files this server keeps (web chat uploads, agents' files) can be opened from the widget; others (a WhatsApp photo) show as marks. */
function wireAttachment(a: Attachment): WireAttachment {
  const path = keptFilePath(a.ref);
  return { kind: a.kind, ...(a.name ? { name: a.name } : {}), ...(path ? { path } : {}) };
}

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
    ...(m.attachments?.length ? { attachments: m.attachments.map(wireAttachment) } : {}),
    ...(m.role === 'bot' && m.entryId && isSmallTalk?.(m.entryId) ? { smallTalk: true } : {}),
    createdAt: m.createdAt.toISOString(),
  };
}
