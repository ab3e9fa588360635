import type { Logger } from '../bot/index.ts';
import type { AppConfig } from './config.ts';

const ORDER = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** JSON-lines logger on stderr, so stdout stays for what a person reads (URLs, reports). */
export function createLogger(level: AppConfig['logLevel'], sink: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const min = ORDER.indexOf(level);
  const at = (lvl: (typeof ORDER)[number]) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER.indexOf(lvl) < min) return;
    sink(JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...fields }));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
