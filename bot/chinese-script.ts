import { chineseScript, toTraditional } from '../knowledge/index.ts';
import type { OutboundMessage } from './types.ts';

type Script = 'traditional' | 'simplified';

/** Where a conversation's script is kept: the conversation store. */
export interface ScriptMemory {
  chineseScript(conversationId: string): Promise<Script | undefined>;
  setChineseScript(conversationId: string, script: Script): Promise<void>;
}

/**
 * Chinese replies in the script the customer writes: the knowledge base and the message
 * catalogue are in Simplified (`zh`); a customer who writes Traditional ("怎麼退貨") gets the
 * answer, the suggestions and the bot's own words in Traditional (Taiwan's standard, OpenCC).
 * A message whose characters are the same in both ("你好", "好的") keeps the script the
 * conversation last showed, kept in the database: the same after a restart and on every instance.
 */
export class ChineseScripts {
  constructor(private readonly memory: ScriptMemory) {}

  /** `replies` to the customer's `text` in conversation `conversationId`, converted where they should be. */
  async inCustomersScript(conversationId: string, text: string, replies: OutboundMessage[]): Promise<OutboundMessage[]> {
    const seen = chineseScript(text);
    if (seen) await this.memory.setChineseScript(conversationId, seen);
    // Only a Chinese reply may need converting: other conversations never read the memory.
    if (!replies.some((r) => r.lang === 'zh')) return replies;
    if ((seen ?? await this.memory.chineseScript(conversationId)) !== 'traditional') return replies;
    return replies.map((r) => (r.lang !== 'zh' ? r : {
      ...r, text: toTraditional(r.text),
      ...(r.suggestions ? { suggestions: r.suggestions.map((s) => ({ ...s, title: toTraditional(s.title) })) } : {}),
    }));
  }
}
