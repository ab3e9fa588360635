/**
 * What a message without words shows where its text would be: a mark per attachment, in no
 * language. The server (web chat history, adapters/webchat/format.ts) and the widget (a message
 * still being sent) show the same marks. Imports nothing, so the browser bundle can use it.
 */
const MARK: Record<string, string> = { image: '📷', audio: '🎤', video: '🎬', file: '📎', sticker: '🖼️', location: '📍' };

export function attachmentMarks(attachments: ReadonlyArray<{ kind: string }> | undefined): string {
  return (attachments ?? []).map((a) => MARK[a.kind] ?? '📎').join(' ');
}
