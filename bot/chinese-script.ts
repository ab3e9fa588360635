import { chineseScript, toTraditional } from '../knowledge/index.ts';
import { BoundedMap } from '../shared/index.ts';
import type { OutboundMessage } from './types.ts';

/** Conversations whose script is remembered, at most; the oldest is forgotten first. */
const KEPT = 10_000;

/**
 * Chinese replies in the script the customer writes: the knowledge base and the message
 * catalogue are in Simplified (`zh`); a customer who writes Traditional ("怎麼退貨") gets the
 * answer, the suggestions and the bot's own words in Traditional (Taiwan's standard, OpenCC).
 * A message whose characters are the same in both ("你好", "好的") keeps the script the
 * conversation last showed, remembered in this process (another instance, or a restart, falls
 * back to Simplified for such a message until the customer writes one that tells).
 */
export class ChineseScripts {
  private readonly scripts = new BoundedMap<string, 'traditional' | 'simplified'>(KEPT);

  /** `replies` to the customer's `text` in conversation `conversationId`, converted where they should be. */
  inCustomersScript(conversationId: string, text: string, replies: OutboundMessage[]): OutboundMessage[] {
    const seen = chineseScript(text);
    if (seen) this.scripts.set(conversationId, seen);
    if ((seen ?? this.scripts.get(conversationId)) !== 'traditional') return replies;
    return replies.map((r) => (r.lang !== 'zh' ? r : {
      ...r, text: toTraditional(r.text),
      ...(r.suggestions ? { suggestions: r.suggestions.map((s) => ({ ...s, title: toTraditional(s.title) })) } : {}),
    }));
  }
}
