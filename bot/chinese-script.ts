import { chineseScript, readsTraditional, toTraditional, type ChineseScript as Script } from '../knowledge/index.ts';
import type { OutboundMessage } from './types.ts';

/** A Han character: text Chinese script could be told for. */
const HAN = /\p{Script=Han}/u;

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

  /**
   * What puts replies in conversation `conversationId` in the customer's script: answering their
   * `text` (remembered now, when its characters or the event's `langTag` tell the script; the
   * browser's `screenTag` only opens a conversation's script), or, without one, a notice of the
   * desk's. The conversation's script is read once, and only for a Chinese reply: other
   * conversations never read it.
   */
  async forReplies(conversationId: string, text?: string, langTag?: string, screenTag?: string): Promise<(replies: OutboundMessage[]) => Promise<OutboundMessage[]>> {
    // The characters tell first; a message the same in both scripts ("你好") from a page or
    // channel in Traditional Chinese (zh-TW, zh-Hant: the help center's Traditional pages) reads Traditional.
    const seen = (text ? chineseScript(text) : undefined) ?? (text && langTag && readsTraditional(langTag) ? 'traditional' : undefined);
    if (seen) await this.memory.setChineseScript(conversationId, seen);
    let script: Promise<Script | undefined> | undefined = seen && Promise.resolve(seen);
    // A browser in Traditional Chinese (`screenTag`, InboundEvent.uiLang) decides only a
    // conversation's first script: "你好" opens in Traditional there, and a customer who wrote
    // Simplified since keeps it.
    if (!seen && text && screenTag && HAN.test(text) && readsTraditional(screenTag)) {
      const kept = await this.memory.chineseScript(conversationId);
      if (!kept) await this.memory.setChineseScript(conversationId, 'traditional');
      script = Promise.resolve(kept ?? 'traditional');
    }
    return async (replies) => {
      if (!replies.some((r) => r.lang === 'zh')) return replies;
      script ??= this.memory.chineseScript(conversationId);
      if (await script !== 'traditional') return replies;
      return replies.map((r) => (r.lang !== 'zh' ? r : {
        ...r, text: toTraditional(r.text),
        ...(r.suggestions ? { suggestions: r.suggestions.map((s) => ({ ...s, title: toTraditional(s.title) })) } : {}),
      }));
    };
  }
}
