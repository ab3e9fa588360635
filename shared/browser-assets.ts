import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RTL_LANGUAGES } from './text-direction.ts';

/** The browser helpers' source (`window.FaqDom`), before the server fills in the language list. */
export const DOM_SCRIPT_FILE = fileURLToPath(new URL('./public/dom.js', import.meta.url));

let script: string | undefined;

/** /assets/dom.js as served (app/ mounts it): the file with RTL_LANGUAGES filled in, so browser and server share one list. */
export function domScript(): string {
  script ??= readFileSync(DOM_SCRIPT_FILE, 'utf8').replace('/* RTL_LANGUAGES */ []', JSON.stringify(RTL_LANGUAGES));
  return script;
}

/** The part of an HTTP response `serveDomScript` uses (Express's fits). */
export interface ScriptResponse {
  set(field: string, value: string): ScriptResponse;
  type(contentType: string): ScriptResponse;
  send(body: string): unknown;
}

/**
 * Handler of `GET /assets/dom.js`, cached for an hour. Every page that uses the helpers loads it
 * before its own script: the knowledge editor, the analytics screen and the help center.
 * @example app.get('/assets/dom.js', serveDomScript);
 */
export function serveDomScript(_req: unknown, res: ScriptResponse): void {
  res.set('Cache-Control', 'public, max-age=3600').type('application/javascript').send(domScript());
}
