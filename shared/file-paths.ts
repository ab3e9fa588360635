/**
 * Where the server keeps the files it hands out, for the server and the widget alike: photos a web
 * chat customer attached (adapters/webchat/uploads.ts), and files agents send (admin/console/files.ts).
 * Imports nothing, so the browser bundle can use it.
 */

/** What every web chat upload's ref starts with, so a message's web chat files are told from other channels' media. */
export const WEBCHAT_UPLOAD_PREFIX = 'wcu_';

/** The path (on the chat server, with `?userId=`) where the customer who uploaded a file opens it. */
export function uploadPath(ref: string): string {
  return '/webchat/uploads/' + encodeURIComponent(ref);
}

/** What every file an agent sent starts its ref with. */
export const AGENT_FILE_PREFIX = 'af_';

/** The path where anyone with the link (the customer, the provider that delivers it) opens a file an agent sent. */
export function agentFilePath(ref: string): string {
  return '/files/' + encodeURIComponent(ref);
}

/** The path where the widget opens a file of a message, or undefined when the server does not keep it. */
export function keptFilePath(ref: string | undefined): string | undefined {
  if (ref?.startsWith(WEBCHAT_UPLOAD_PREFIX)) return uploadPath(ref);
  if (ref?.startsWith(AGENT_FILE_PREFIX)) return agentFilePath(ref);
  return undefined;
}
