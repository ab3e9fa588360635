import type { StoredMessage } from '../../bot/index.ts';
import { linkedFiles } from '../core/attachments.ts';
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
export function formatActivities(message: Pick<StoredMessage, 'text' | 'lang' | 'suggestions'> & Partial<Pick<StoredMessage, 'role' | 'attachments'>>, to: BfAddress): Array<Partial<BfActivity>> {
  const actions: BfCardAction[] = (message.suggestions ?? []).slice(0, BF_MAX_SUGGESTIONS).map((s) => (to.channelId === 'msteams'
    ? { type: 'imBack', title: s.title, value: s.title }
    : { type: 'messageBack', title: s.title, text: s.title, displayText: s.title, value: { entryId: s.entryId } }));
  const files = linkedFiles(message);
  // Teams shows photos from a link; any other file it only takes through its file-consent flow, so
  // there it goes as a link in the text. Other Bot Framework channels show both as attachments.
  const attached = to.channelId === 'msteams' ? files.filter((f) => f.kind === 'image') : files;
  const linked = files.filter((f) => !attached.includes(f)).map((f) => `[${markdownLabel(f.name ?? f.url)}](${f.url})`);
  const parts = splitText([message.text, ...linked].filter(Boolean).join('\n\n'), (c) => c.length <= BF_MAX_TEXT);
  return (parts.length ? parts : ['']).map((text, i, all) => ({
    type: 'message',
    text,
    textFormat: 'markdown' as const,
    locale: message.lang ?? to.locale,
    from: to.bot,
    recipient: to.user,
    conversation: to.conversation,
    ...(i === all.length - 1 && attached.length
      ? { attachments: attached.map((f) => ({ contentType: f.mime ?? (f.kind === 'image' ? 'image/png' : 'application/octet-stream'), contentUrl: f.url, ...(f.name ? { name: f.name } : {}) })) }
      : {}),
    ...(actions.length && i === all.length - 1 ? { suggestedActions: { to: [to.user.id], actions } } : {}),
  }));
}

/** A file name as Markdown link text: brackets and backslashes escaped. */
function markdownLabel(name: string): string {
  return name.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/** The "typing…" activity shown while the bot thinks. */
export function typingActivity(to: BfAddress): Partial<BfActivity> {
  return { type: 'typing', from: to.bot, recipient: to.user, conversation: to.conversation };
}
