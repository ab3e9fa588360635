import path from 'node:path';
import { BusinessHours } from '../bot/index.ts';
import { channelsConfig, type ChannelsConfig } from './channels-config.ts';
import { embeddingsConfig, type EmbeddingsConfig } from './embeddings-config.ts';

/** Raised at startup when an environment variable is missing or malformed. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    /** The environment variable at fault. */
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/** Everything the product reads from the environment, validated once. */
export interface AppConfig {
  /** HTTP port. Default 3000. `PORT`. */
  port: number;
  /** Interface to listen on. Default 127.0.0.1. `HOST`. */
  host: string;
  /** Folder for the embedded database, index and caches. Default `./data`. `DATA_DIR`. */
  dataDir: string;
  /** Folder of Markdown FAQ files loaded when the index is empty. `KB_DIR`. */
  kbDir: string;
  /** PostgreSQL server URL for scale-out; embedded PGlite when unset. `DATABASE_URL`. */
  databaseUrl?: string;
  /** Language answered when the customer's language has no content. Default `en`. `DEFAULT_LANG`. */
  defaultLang: string;
  /**
   * Confidence at or above which the bot answers, where the knowledge base chose no threshold
   * for the language (see maxWrongAnswerRate). Default 0.5 (answer when more likely right than
   * wrong). `ANSWER_THRESHOLD`; setting it (or CLARIFY_THRESHOLD) fixes both for every language.
   */
  answerThreshold: number;
  /** Confidence at or above which the bot offers suggestions instead of handing off. Default 0.25. `CLARIFY_THRESHOLD`. */
  clarifyThreshold: number;
  /**
   * Set when ANSWER_THRESHOLD or CLARIFY_THRESHOLD is: the operator's thresholds replace those
   * chosen at publish, in every language (a per-language override in the admin UI comes first).
   */
  fixedThresholds?: { answer: number; clarify: number };
  /**
   * At publish, per language, the answer threshold is the lowest confidence at which at most this
   * share of answers to held-out phrasings is wrong. Default 0.05. `MAX_WRONG_ANSWER_RATE`.
   */
  maxWrongAnswerRate: number;
  /**
   * Answer with the thresholds chosen at publish per language (see maxWrongAnswerRate). Default
   * false: on the sample knowledge base they are chosen high (0.86–0.95, see README "Measured on
   * the sample knowledge base") and most questions would get suggestions instead of an answer.
   * Overrides set in the admin UI apply either way. `AUTO_THRESHOLDS` (true/false).
   */
  autoThresholds: boolean;
  /** Consecutive unanswered questions before handing off. Default 2. `MAX_FAILED_ATTEMPTS`. */
  maxFailedAttempts: number;
  /** Longest customer message accepted, in characters. Default 4000. `MAX_MESSAGE_CHARS`. */
  maxMessageChars: number;
  /**
   * The bot's name, shown in the web chat's header and welcome. Default: the catalogue's word
   * for "Assistant" in the customer's language. `BOT_NAME`.
   */
  botName?: string;
  /** How many starter topics the web chat offers when it opens (0 turns them off). Default 4. `STARTER_TOPICS`. */
  starterTopics: number;
  /**
   * Messages from channels answered at once; the rest wait their turn (in order per customer).
   * Default 8. `WORK_CONCURRENCY`.
   */
  workConcurrency: number;
  /**
   * Seconds a claim on stored work (an inbound message, a reply to send) lasts unless its
   * instance renews it: after a crash, another instance (or this one restarted) takes the work
   * over once this has passed. Default 30. `WORK_LEASE_SECONDS`.
   */
  workLeaseSeconds: number;
  /** How often, in ms, an instance looks for work stored by the others. Default 500. `WORK_POLL_MS`. */
  workPollMs: number;
  /**
   * Hours a finished inbound item is kept in the intake table before it is deleted (checked
   * hourly). A provider's late retry of an answered message is still recognised afterwards (by the
   * stored message itself). Default 168 (7 days). `INTAKE_RETENTION_HOURS`.
   */
  intakeRetentionHours: number;
  /**
   * Chat API turns in progress from which new requests get 503 with Retry-After instead of
   * waiting ever longer. Default 64. `MAX_BACKLOG`.
   */
  maxBacklog: number;
  /** Log level. Default info. `LOG_LEVEL`. */
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Comma-separated words that always hand the customer to a person (e.g. `complaint,lawyer`). Default none. `HANDOFF_KEYWORDS`. */
  handoffKeywords: string[];
  /**
   * Add the bundled conversation entries (greeting, thanks, ok, bye, "are you a bot"…, see
   * knowledge/conversation/) to the knowledge base published from KB_DIR. Default true;
   * `CONVERSATION_ENTRIES=0` leaves them out (greetings and thanks then fall back to bot/intents.ts).
   */
  conversationEntries: boolean;
  /** While waiting for a person, answer questions the knowledge base answers confidently. Default true. `ANSWER_WHILE_QUEUED=0` turns it off. */
  answerWhileQueued: boolean;
  /**
   * Read a message the bot cannot answer alone with the one before: as a follow-up of an FAQ answer,
   * or as the second part of a question it did not answer (bot/follow-up.ts). Default true.
   * `FOLLOW_UPS=0` reads every message alone.
   */
  followUps: boolean;
  /** While waiting for a person, the customer is told their place in the queue at most once per this many minutes. Default 2. `QUEUE_NOTICE_MINUTES`. */
  queueNoticeMinutes: number;
  /** Human handoff and the agent console at /admin (see admin/README.md). */
  console: ConsoleConfig;
  /** Messaging channels (SMS, WhatsApp, Messenger, Bot Framework); see adapters/CHANNELS-SETUP.md. */
  channels: ChannelsConfig;
  /** The sentence-embedding model (see app/embeddings-config.ts). */
  embeddings: EmbeddingsConfig;
  /** Publishing: "what changes if I publish" and its gate (see eval/SUITES.md). */
  publishing: PublishingConfig;
}

/** What the knowledge editor's publish preview replays, and what its gate does. */
export interface PublishingConfig {
  /** Comma-separated suite files or folders the preview replays. Default the shipped `eval/suites`. `SUITES_DIR`. */
  suites: string[];
  /** On a regression: `off` (not judged), `warn` (shown, default) or `block` (publishing refused unless an admin overrides). `PUBLISH_GATE`. */
  gate: 'off' | 'warn' | 'block';
}

/** Agent console, handoff notices and handoff webhooks. */
export interface ConsoleConfig {
  /**
   * First admin account, created at start when no account has this email (an existing
   * account's password is never changed). Without it, and with no account at all, the start
   * creates `admin@localhost` with a random password printed once. `ADMIN_EMAIL`.
   */
  adminEmail?: string;
  /** Password of that account, 12 characters or more. Required with ADMIN_EMAIL. `ADMIN_PASSWORD`. */
  adminPassword?: string;
  /** Hours a console sign-in lasts. Default 12. `SESSION_TTL_HOURS`. */
  sessionTtlHours: number;
  /** Mark the session cookie Secure even on plain HTTP (set it behind a TLS proxy). Default false. `SECURE_COOKIES=1`. */
  secureCookies: boolean;
  /**
   * When agents are in, e.g. `mon-fri 09:00-17:00; sat 10:00-14:00`. Outside these hours a
   * handed-off customer is told to leave a message for the next shift. Default: always open.
   * `BUSINESS_HOURS`.
   */
  businessHours: string;
  /** IANA time zone of BUSINESS_HOURS. Default UTC. `TIME_ZONE`. */
  timeZone: string;
  /** Seconds a handoff may wait unclaimed (while open) before the customer is told again and it is flagged. Default 300. `HANDOFF_CLAIM_TIMEOUT_SECONDS`. */
  claimTimeoutSeconds: number;
  /** Comma-separated http(s) URLs that receive handoff.initiate / handoff.status events. `HANDOFF_WEBHOOK_URLS`. */
  webhookUrls: string[];
  /** HMAC-SHA256 key for the webhooks' `X-Signature-256` header; required with URLs, 16+ characters. `HANDOFF_WEBHOOK_SECRET`. */
  webhookSecret?: string;
  /** Redis for live console events across several instances; in-process when unset. `REDIS_URL`. */
  redisUrl?: string;
  /**
   * Days after a customer's last message or agent action their data is erased (admin/privacy/),
   * checked every 6 hours; 0 keeps it for good. Default 0. `RETENTION_DAYS`.
   */
  retentionDays: number;
  /**
   * The name customers see when an agent joins: unset shows the agent's own name, `team` says
   * "a colleague from our support team" in the customer's language, any other text is shown as is.
   * `AGENT_DISPLAY_NAME`.
   */
  agentDisplayName?: string;
}

function consoleConfig(env: Env): ConsoleConfig {
  const adminEmail = env.ADMIN_EMAIL || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminEmail && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) throw new ConfigError('ADMIN_EMAIL', 'expected an email address');
  if (adminEmail && !adminPassword) throw new ConfigError('ADMIN_PASSWORD', 'required when ADMIN_EMAIL is set');
  if (adminPassword && !adminEmail) throw new ConfigError('ADMIN_EMAIL', 'required when ADMIN_PASSWORD is set');
  if (adminPassword && adminPassword.length < 12) throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters long');
  const businessHours = env.BUSINESS_HOURS || '';
  const timeZone = env.TIME_ZONE || 'UTC';
  try {
    BusinessHours.parse(businessHours, timeZone);
  } catch (err) {
    throw new ConfigError(/time zone/.test(String(err)) ? 'TIME_ZONE' : 'BUSINESS_HOURS', (err as Error).message);
  }
  const webhookUrls = (env.HANDOFF_WEBHOOK_URLS || '').split(',').map((u) => u.trim()).filter(Boolean);
  for (const u of webhookUrls) {
    if (!/^https?:\/\/[^\s]+$/.test(u)) throw new ConfigError('HANDOFF_WEBHOOK_URLS', `"${u}" is not an http(s) URL`);
  }
  const webhookSecret = env.HANDOFF_WEBHOOK_SECRET || undefined;
  if (webhookUrls.length && !webhookSecret) throw new ConfigError('HANDOFF_WEBHOOK_SECRET', 'required when HANDOFF_WEBHOOK_URLS is set (deliveries are signed)');
  if (webhookSecret && webhookSecret.length < 16) throw new ConfigError('HANDOFF_WEBHOOK_SECRET', 'must be at least 16 characters long');
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL', 'expected a redis:// or rediss:// URL');
  const secure = env.SECURE_COOKIES || '';
  if (secure && !['0', '1', 'true', 'false'].includes(secure)) throw new ConfigError('SECURE_COOKIES', 'expected 1 or 0');
  const agentDisplayName = env.AGENT_DISPLAY_NAME?.trim() || undefined;
  if (agentDisplayName && agentDisplayName.length > 60) throw new ConfigError('AGENT_DISPLAY_NAME', 'must be at most 60 characters long');
  return {
    adminEmail, adminPassword, agentDisplayName, businessHours, timeZone, webhookUrls, webhookSecret, redisUrl,
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    secureCookies: secure === '1' || secure === 'true',
    claimTimeoutSeconds: int(env, 'HANDOFF_CLAIM_TIMEOUT_SECONDS', 300, 10, 24 * 3600),
    retentionDays: int(env, 'RETENTION_DAYS', 0, 0, 36_500),
  };
}

/** The environment as config reads it (`process.env`, or a test's own). */
export type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!['0', '1', 'true', 'false'].includes(raw)) throw new ConfigError(name, `expected true or false, got "${raw}"`);
  return raw === '1' || raw === 'true';
}

function fraction(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new ConfigError(name, `expected a number between 0 and 1, got "${raw}"`);
  }
  return value;
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/**
 * Read and validate the environment. This is the only place that reads `process.env`.
 * @throws ConfigError naming the first bad variable.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const answerThreshold = fraction(env, 'ANSWER_THRESHOLD', 0.5);
  const clarifyThreshold = fraction(env, 'CLARIFY_THRESHOLD', 0.25);
  if (clarifyThreshold > answerThreshold) {
    throw new ConfigError('CLARIFY_THRESHOLD', `must not exceed ANSWER_THRESHOLD (${answerThreshold})`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'expected a postgres:// or postgresql:// URL');
  }
  const logLevel = (env.LOG_LEVEL || 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}`);
  }
  const botName = env.BOT_NAME?.trim() || undefined;
  if (botName && botName.length > 60) throw new ConfigError('BOT_NAME', 'must be at most 60 characters long');
  const defaultLang = env.DEFAULT_LANG || 'en';
  if (!/^[a-z]{2,3}$/.test(defaultLang)) throw new ConfigError('DEFAULT_LANG', 'expected a language code like "en"');
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(cwd, env.DATA_DIR || './data'),
    kbDir: path.resolve(cwd, env.KB_DIR || new URL('../knowledge/sample-kb', import.meta.url).pathname),
    databaseUrl,
    defaultLang,
    answerThreshold,
    clarifyThreshold,
    fixedThresholds: env.ANSWER_THRESHOLD || env.CLARIFY_THRESHOLD ? { answer: answerThreshold, clarify: clarifyThreshold } : undefined,
    maxWrongAnswerRate: fraction(env, 'MAX_WRONG_ANSWER_RATE', 0.05),
    autoThresholds: bool(env, 'AUTO_THRESHOLDS', false),
    maxFailedAttempts: int(env, 'MAX_FAILED_ATTEMPTS', 2, 1, 20),
    maxMessageChars: int(env, 'MAX_MESSAGE_CHARS', 4000, 1, 100_000),
    botName,
    starterTopics: int(env, 'STARTER_TOPICS', 4, 0, 10),
    workConcurrency: int(env, 'WORK_CONCURRENCY', 8, 1, 256),
    workLeaseSeconds: int(env, 'WORK_LEASE_SECONDS', 30, 1, 3600),
    workPollMs: int(env, 'WORK_POLL_MS', 500, 10, 60_000),
    intakeRetentionHours: int(env, 'INTAKE_RETENTION_HOURS', 168, 1, 24 * 366),
    maxBacklog: int(env, 'MAX_BACKLOG', 64, 1, 100_000),
    logLevel,
    handoffKeywords: (env.HANDOFF_KEYWORDS || '').split(',').map((k) => k.trim()).filter(Boolean),
    conversationEntries: bool(env, 'CONVERSATION_ENTRIES', true),
    answerWhileQueued: bool(env, 'ANSWER_WHILE_QUEUED', true),
    followUps: bool(env, 'FOLLOW_UPS', true),
    queueNoticeMinutes: int(env, 'QUEUE_NOTICE_MINUTES', 2, 0, 24 * 60),
    console: consoleConfig(env),
    channels: channelsConfig(env),
    embeddings: embeddingsConfig(env, cwd),
    publishing: publishingConfig(env, cwd),
  };
}

function publishingConfig(env: Env, cwd: string): PublishingConfig {
  const gate = env.PUBLISH_GATE || 'warn';
  if (gate !== 'off' && gate !== 'warn' && gate !== 'block') throw new ConfigError('PUBLISH_GATE', `expected off, warn or block, got "${gate}"`);
  const suites = (env.SUITES_DIR || new URL('../eval/suites', import.meta.url).pathname).split(',').map((p) => p.trim()).filter(Boolean).map((p) => path.resolve(cwd, p));
  return { suites, gate };
}
