import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('publishing configuration', () => {
  it('defaults to the shipped suites and a warning gate', () => {
    const c = loadConfig({}, '/srv/bot');
    expect(c.publishing.gate).toBe('warn');
    expect(c.publishing.suites).toEqual([path.resolve(new URL('../eval/suites', import.meta.url).pathname)]);
  });

  it('reads SUITES_DIR (several, relative to the working folder) and PUBLISH_GATE, and names a bad gate', () => {
    const c = loadConfig({ SUITES_DIR: 'suites, more/x.yml', PUBLISH_GATE: 'block' }, '/srv/bot');
    expect(c.publishing).toEqual({ suites: ['/srv/bot/suites', '/srv/bot/more/x.yml'], gate: 'block' });
    expect(() => loadConfig({ PUBLISH_GATE: 'strict' }, '/srv/bot')).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLISH_GATE: 'strict' }, '/srv/bot')).toThrow(/PUBLISH_GATE/);
  });
});
