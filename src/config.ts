import { isIP } from 'node:net';
import path from 'node:path';

/** Everything Gatehouse reads from the environment, validated once at start. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** `sqlite:<file>` or `postgres://…` */
  databaseUrl: string;
  defaultDomain: string;
  initialAdminPassword: string | undefined;
  /** 32 bytes, or undefined to use (and create) `<dataDir>/secret.key`. */
  secretKey: Buffer | undefined;
  /** Earlier master keys, still able to open secrets sealed before a key rotation. */
  previousSecretKeys: Buffer[];
  smtpUrl: string | undefined;
  publicUrl: URL | undefined;
  trustProxy: string[];
  /** A bearer token that opens `/metrics`; undefined when only addresses (or nobody) may read it. */
  metricsToken: string | undefined;
  /** Addresses or CIDR ranges that may read `/metrics` without the token. */
  metricsAllow: string[];
  /** The header whose request id is taken when a trusted proxy sends it (lower case). */
  requestIdHeader: string;
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  sessionIdleMinutes: number;
  /** Failed sign-ins one client address may make per window before it is throttled. */
  loginIpMaxFailures: number;
  loginIpWindowMinutes: number;
  /** Wrong one-time passwords one account may get per window, whatever the lockout settings say. */
  otpMaxFailures: number;
  otpFailureWindowMinutes: number;
  /** Gatehouse Key approval requests one user may be sent per hour. */
  keyPushMaxPerHour: number;
  /** Single sign-on requests one client address may send per minute: reading one costs milliseconds of CPU. */
  ssoIpMaxPerMinute: number;
  oidcFailuresIpMaxPerMinute: number;
  /** How long a server asked to stop keeps answering while it reports not ready, before it stops accepting. */
  shutdownDrainMs: number;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}".`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}.`);
  return value;
}

const DOMAIN_PATTERN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function isValidDomain(value: string): boolean {
  return DOMAIN_PATTERN.test(value);
}

function databaseUrl(env: Env, dataDir: string): string {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return `sqlite:${path.join(dataDir, 'gatehouse.db')}`;
  if (raw.startsWith('sqlite:')) {
    if (raw.length === 'sqlite:'.length) throw new ConfigError('DATABASE_URL', 'names no SQLite file after "sqlite:".');
    return raw;
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL.');
    }
    return raw;
  }
  throw new ConfigError('DATABASE_URL', 'must start with postgres://, postgresql:// or sqlite:.');
}

function parseKey(raw: string, variable: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new ConfigError(variable, 'must be 32 bytes, written as 64 hex digits or in base64.');
  return key;
}

function secretKey(env: Env): Buffer | undefined {
  const raw = env.GATEHOUSE_SECRET_KEY?.trim();
  return raw ? parseKey(raw, 'GATEHOUSE_SECRET_KEY') : undefined;
}

function previousSecretKeys(env: Env): Buffer[] {
  const raw = env.GATEHOUSE_PREVIOUS_SECRET_KEYS?.trim();
  if (!raw) return [];
  return raw.split(',').map((part) => parseKey(part.trim(), 'GATEHOUSE_PREVIOUS_SECRET_KEYS'));
}

function publicUrl(env: Env): URL | undefined {
  const raw = env.GATEHOUSE_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('GATEHOUSE_PUBLIC_URL', `is not a URL: "${raw}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError('GATEHOUSE_PUBLIC_URL', 'must start with https:// or http://.');
  return url;
}

function addressList(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const family = isIP(address ?? '');
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (family === 0 || !bitsOk) throw new ConfigError(name, `must list IP addresses or CIDR ranges, got "${entry}".`);
  }
  return entries;
}

const MIN_METRICS_TOKEN_LENGTH = 16;

function metricsToken(env: Env): string | undefined {
  const raw = env.METRICS_TOKEN?.trim();
  if (!raw) return undefined;
  if (raw.length < MIN_METRICS_TOKEN_LENGTH)
    throw new ConfigError('METRICS_TOKEN', `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters long.`);
  if (!/^[\x21-\x7e]+$/.test(raw))
    throw new ConfigError('METRICS_TOKEN', 'must be printable ASCII without spaces, as an HTTP header carries it.');
  return raw;
}

function requestIdHeader(env: Env): string {
  const raw = env.REQUEST_ID_HEADER?.trim().toLowerCase();
  if (!raw) return 'x-request-id';
  if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(raw))
    throw new ConfigError('REQUEST_ID_HEADER', `must be an HTTP header name such as x-request-id, got "${raw}".`);
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(env.GATEHOUSE_DATA_DIR?.trim() || 'data');
  const domain = (env.GATEHOUSE_DOMAIN?.trim() || 'example.com').toLowerCase();
  if (!isValidDomain(domain))
    throw new ConfigError('GATEHOUSE_DOMAIN', `must be a domain name such as example.com, got "${domain}".`);
  const adminPassword = env.GATEHOUSE_ADMIN_PASSWORD;
  if (adminPassword !== undefined && adminPassword !== '' && adminPassword.length < 10)
    throw new ConfigError('GATEHOUSE_ADMIN_PASSWORD', 'must be at least 10 characters long.');
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl))
    throw new ConfigError('SMTP_URL', 'must start with smtp:// or smtps://.');
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    throw new ConfigError('LOG_LEVEL', 'must be one of fatal, error, warn, info, debug, trace, silent.');
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port: integer(env, 'PORT', 8080, 0, 65535),
    dataDir,
    databaseUrl: databaseUrl(env, dataDir),
    defaultDomain: domain,
    initialAdminPassword: adminPassword || undefined,
    secretKey: secretKey(env),
    previousSecretKeys: previousSecretKeys(env),
    smtpUrl,
    publicUrl: publicUrl(env),
    trustProxy: addressList(env, 'TRUST_PROXY'),
    metricsToken: metricsToken(env),
    metricsAllow: addressList(env, 'METRICS_ALLOW'),
    requestIdHeader: requestIdHeader(env),
    argon2: {
      memoryCost: integer(env, 'ARGON2_MEMORY_KIB', 19456, 1024, 4_194_304),
      timeCost: integer(env, 'ARGON2_TIME_COST', 2, 1, 100),
      parallelism: integer(env, 'ARGON2_PARALLELISM', 1, 1, 16),
    },
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 60, 1, 44_640),
    loginIpMaxFailures: integer(env, 'LOGIN_IP_MAX_FAILURES', 50, 1, 1_000_000),
    loginIpWindowMinutes: integer(env, 'LOGIN_IP_WINDOW_MINUTES', 15, 1, 1440),
    otpMaxFailures: integer(env, 'OTP_MAX_FAILURES', 10, 1, 1000),
    otpFailureWindowMinutes: integer(env, 'OTP_FAILURE_WINDOW_MINUTES', 15, 1, 1440),
    keyPushMaxPerHour: integer(env, 'KEY_PUSH_MAX_PER_HOUR', 10, 1, 1000),
    ssoIpMaxPerMinute: integer(env, 'SSO_IP_MAX_PER_MINUTE', 60, 1, 1_000_000),
    oidcFailuresIpMaxPerMinute: integer(env, 'OIDC_FAILURES_IP_MAX_PER_MINUTE', 30, 1, 1_000_000),
    shutdownDrainMs: integer(env, 'SHUTDOWN_DRAIN_SECONDS', 5, 0, 300) * 1000,
    logLevel,
  };
}
