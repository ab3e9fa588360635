/**
 * Emoji reactions customers put on the bot's answers in messaging apps (WhatsApp, Messenger), read
 * as the widget's helpful / not helpful buttons: messaging channels have no rating buttons, and a
 * thumbs-down is how their customers say an answer missed. Only clear verdicts count; a laugh or a
 * surprised face says nothing about the answer.
 */
const HELPFUL = new Set(['👍', '❤', '♥', '😍', '🥰', '🙏', '👏', '😊', '🙂', '😀', '😃', '😁', '💯', '✅', '👌', '💪', '🎉', '🤝']);
const UNHELPFUL = new Set(['👎', '😡', '😠', '🤬', '😞', '😢', '😭', '😕', '🙁', '☹', '❌', '💩', '🤔']);

/** The verdict an emoji gives, without skin tones or presentation selectors; undefined for no clear one. */
export function reactionVerdict(emoji: string | undefined): boolean | undefined {
  const bare = (emoji ?? '').replace(/[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F]/gu, '').trim();
  if (HELPFUL.has(bare)) return true;
  if (UNHELPFUL.has(bare)) return false;
  return undefined;
}
