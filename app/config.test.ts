import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has embedded defaults', () => {
    const c = loadConfig({}, '/srv/bot');
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('/srv/bot/data');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.answerThreshold).toBeGreaterThan(c.clarifyThreshold);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['ANSWER_THRESHOLD', '1.5'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'loud'],
    ['DEFAULT_LANG', 'English'],
  ])('fails fast naming %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}:`));
  });

  it('refuses a clarify threshold above the answer threshold', () => {
    expect(() => loadConfig({ ANSWER_THRESHOLD: '0.4', CLARIFY_THRESHOLD: '0.5' })).toThrow(/CLARIFY_THRESHOLD/);
  });
});
