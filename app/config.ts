import path from 'node:path';

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
  /** Confidence at or above which the bot answers. Default 0.5 (answer when more likely right than wrong). `ANSWER_THRESHOLD`. */
  answerThreshold: number;
  /** Confidence at or above which the bot offers suggestions instead of handing off. Default 0.25. `CLARIFY_THRESHOLD`. */
  clarifyThreshold: number;
  /** Consecutive unanswered questions before handing off. Default 2. `MAX_FAILED_ATTEMPTS`. */
  maxFailedAttempts: number;
  /** Longest customer message accepted, in characters. Default 4000. `MAX_MESSAGE_CHARS`. */
  maxMessageChars: number;
  /** Log level. Default info. `LOG_LEVEL`. */
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
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
    maxFailedAttempts: int(env, 'MAX_FAILED_ATTEMPTS', 2, 1, 20),
    maxMessageChars: int(env, 'MAX_MESSAGE_CHARS', 4000, 1, 100_000),
    logLevel,
  };
}
