import type { StoredMessage } from '../../bot/index.ts';
import { splitText } from '../core/text-split.ts';
import type { BfActivity, BfAddress, BfCardAction } from './types.ts';

/** Teams refuses activities over ~28 KB; Web Chat has no practical limit. */
export const BF_MAX_TEXT = 28_000;
/** Suggested actions shown; more would wrap into an unreadable wall of buttons. */
export const BF_MAX_SUGGESTIONS = 10;

/**
 * A stored message as reply activities: Markdown as is (Teams and Web Chat render it), split only
 * beyond Teams' size limit, suggestions as suggestedActions on the last one. Teams only supports
 * imBack there (the title comes back as text and matches that question); elsewhere messageBack
 * carries the entry id back as `value`.
 */
export function formatActivities(message: Pick<StoredMessage, 'text' | 'lang' | 'suggestions'>, to: BfAddress): Array<Partial<BfActivity>> {
  const actions: BfCardAction[] = (message.suggestions ?? []).slice(0, BF_MAX_SUGGESTIONS).map((s) => (to.channelId === 'msteams'
    ? { type: 'imBack', title: s.title, value: s.title }
    : { type: 'messageBack', title: s.title, text: s.title, displayText: s.title, value: { entryId: s.entryId } }));
  const parts = splitText(message.text, (c) => c.length <= BF_MAX_TEXT);
  return (parts.length ? parts : ['']).map((text, i, all) => ({
    type: 'message',
    text,
    textFormat: 'markdown' as const,
    locale: message.lang ?? to.locale,
    from: to.bot,
    recipient: to.user,
    conversation: to.conversation,
    ...(actions.length && i === all.length - 1 ? { suggestedActions: { to: [to.user.id], actions } } : {}),
  }));
}

/** The "typing…" activity shown while the bot thinks. */
export function typingActivity(to: BfAddress): Partial<BfActivity> {
  return { type: 'typing', from: to.bot, recipient: to.user, conversation: to.conversation };
}
