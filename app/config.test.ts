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
    ['STARTER_TOPICS', '11'],
    ['BOT_NAME', 'x'.repeat(61)],
    ['AGENT_DISPLAY_NAME', 'x'.repeat(61)],
    ['INTAKE_RETENTION_HOURS', '0'],
  ])('fails fast naming %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}:`));
  });

  it('keeps finished intake items 7 days unless told otherwise', () => {
    expect(loadConfig({}).intakeRetentionHours).toBe(168);
    expect(loadConfig({ INTAKE_RETENTION_HOURS: '24' }).intakeRetentionHours).toBe(24);
  });

  it('reads follow-ups in context unless FOLLOW_UPS=0', () => {
    expect(loadConfig({}).followUps).toBe(true);
    expect(loadConfig({ FOLLOW_UPS: '0' }).followUps).toBe(false);
  });

  it('names the bot and the agents as configured, and offers 4 starter topics by default', () => {
    expect(loadConfig({})).toMatchObject({ botName: undefined, starterTopics: 4 });
    expect(loadConfig({}).console.agentDisplayName).toBeUndefined();
    const c = loadConfig({ BOT_NAME: ' Kestrel ', AGENT_DISPLAY_NAME: 'team', STARTER_TOPICS: '0' });
    expect(c).toMatchObject({ botName: 'Kestrel', starterTopics: 0, console: { agentDisplayName: 'team' } });
  });

  it('configures the agent console: always open, no webhooks, no first account by default', () => {
    expect(loadConfig({}).console).toEqual({
      adminEmail: undefined, adminPassword: undefined, businessHours: '', timeZone: 'UTC', webhookUrls: [], webhookSecret: undefined,
      redisUrl: undefined, sessionTtlHours: 12, secureCookies: false, claimTimeoutSeconds: 300, retentionDays: 0,
    });
    expect(loadConfig({ RETENTION_DAYS: '90' }).console.retentionDays).toBe(90);
    const c = loadConfig({
      ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'a long password', BUSINESS_HOURS: 'mon-fri 09:00-17:00', TIME_ZONE: 'Europe/Warsaw',
      HANDOFF_WEBHOOK_URLS: 'https://a.example/hook, http://127.0.0.1:9/x', HANDOFF_WEBHOOK_SECRET: '0123456789abcdef', REDIS_URL: 'redis://127.0.0.1:6379',
    }).console;
    expect(c).toMatchObject({ adminEmail: 'boss@example.com', webhookUrls: ['https://a.example/hook', 'http://127.0.0.1:9/x'], timeZone: 'Europe/Warsaw' });
    expect(loadConfig({ HANDOFF_KEYWORDS: 'complaint, lawyer ,,' }).handoffKeywords).toEqual(['complaint', 'lawyer']);
  });

  it.each([
    [{ ADMIN_EMAIL: 'boss@example.com' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ BUSINESS_HOURS: '9 to 5' }, 'BUSINESS_HOURS'],
    [{ BUSINESS_HOURS: 'mon-fri 09:00-17:00', TIME_ZONE: 'Moon/Base' }, 'TIME_ZONE'],
    [{ HANDOFF_WEBHOOK_URLS: 'https://a.example/hook' }, 'HANDOFF_WEBHOOK_SECRET'],
    [{ HANDOFF_WEBHOOK_URLS: 'ftp://a.example', HANDOFF_WEBHOOK_SECRET: '0123456789abcdef' }, 'HANDOFF_WEBHOOK_URLS'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ HANDOFF_CLAIM_TIMEOUT_SECONDS: '1' }, 'HANDOFF_CLAIM_TIMEOUT_SECONDS'],
    [{ RETENTION_DAYS: '-1' }, 'RETENTION_DAYS'],
  ])('fails fast on a bad console setting (%o names %s)', (env, name) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}:`));
  });

  it('refuses a clarify threshold above the answer threshold', () => {
    expect(() => loadConfig({ ANSWER_THRESHOLD: '0.4', CLARIFY_THRESHOLD: '0.5' })).toThrow(/CLARIFY_THRESHOLD/);
  });
});

describe('embeddings config', () => {
  it('defaults to the bundled English model and sets E5 prefixes for E5 models', () => {
    expect(loadConfig({}).embeddings).toMatchObject({ model: 'use-lite', dtype: 'fp32', pooling: 'mean', languages: ['*'], queryPrefix: '' });
    const e5 = loadConfig({ EMBEDDINGS_MODEL: 'Xenova/multilingual-e5-small', EMBEDDINGS_DTYPE: 'q8' }, '/srv').embeddings;
    expect(e5).toMatchObject({ queryPrefix: 'query: ', documentPrefix: 'passage: ', modelsDir: '/srv/models', dtype: 'q8' });
    expect(loadConfig({ EMBEDDINGS_MODEL: 'Xenova/multilingual-e5-small', EMBEDDINGS_QUERY_PREFIX: '' }).embeddings.queryPrefix).toBe('');
  });

  it.each([['EMBEDDINGS_DTYPE', 'fp64'], ['EMBEDDINGS_POOLING', 'max'], ['EMBEDDINGS_BATCH_SIZE', '0']])('fails fast naming %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}:`));
  });
});
