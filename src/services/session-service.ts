import type { Clock } from '../core/clock.js';
import {
  createSessionToken,
  formatSessionToken,
  parseSessionToken,
  secretMatches,
  hashSecret,
} from '../core/session-token.js';
import type { Store } from '../store/database.js';
import type { SessionRow, TenantRow, UserRow } from '../store/schema.js';
import { deleteSession, findSession, touchSession } from '../store/sessions.js';
import { findTenantById } from '../store/tenants.js';
import { findUserById } from '../store/users.js';

export interface SessionPolicy {
  /** Longest a session lives, whatever happens (Authentication Cookie Expiration; 168 h until groups set it). */
  absoluteHours: number;
  /** A session that is not "Keep me logged in" ends after this much inactivity. */
  idleMinutes: number;
}

export interface NewSessionOptions {
  persistent: boolean;
  ip: string;
  userAgent: string;
  lifetimeHours?: number;
  /** The OTP method the sign-in passed, if it had an OTP step. */
  otpMethod?: string;
}

export interface NewSession {
  token: string;
  expiresAt: number;
  persistent: boolean;
}

export interface ActiveSession {
  session: SessionRow;
  user: UserRow;
  tenant: TenantRow;
}

/** With an Authentication Cookie Expiration of 0, a session still ends after a working day at the latest. */
const BROWSER_SESSION_HOURS = 24;

/**
 * Writing last_seen_at on every request would turn every read into a write; once a second keeps the idle
 * timeout to its configured minute (a coarser interval would end sessions up to that much early).
 */
const TOUCH_INTERVAL_MS = 1_000;

export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
  ) {}

  /**
   * A new session, not yet stored: the sign-in writes it together with the rest of its completion.
   * `lifetimeHours` is the group's Authentication Cookie Expiration: how long a "Keep me logged in" cookie
   * lives, and otherwise the longest the session lasts. 0 allows no lasting cookie at all.
   */
  newSession(user: UserRow, options: NewSessionOptions): { row: SessionRow; session: NewSession } {
    const token = createSessionToken();
    const now = this.clock.now();
    const hours = options.lifetimeHours ?? this.policy.absoluteHours;
    const persistent = options.persistent && hours > 0;
    const expiresAt = now + (hours > 0 ? hours : BROWSER_SESSION_HOURS) * 3_600_000;
    const row: SessionRow = {
      id: token.id,
      tenant_id: user.tenant_id,
      user_id: user.id,
      secret_hash: hashSecret(token.secret),
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      persistent: persistent ? 1 : 0,
      ip: options.ip,
      user_agent: options.userAgent.slice(0, 512),
      otp_verified_at: options.otpMethod ? now : 0,
      otp_method: options.otpMethod ?? '',
    };
    return { row, session: { token: formatSessionToken(token), expiresAt, persistent } };
  }

  /** The session behind a cookie value, or null when it is unknown, forged, expired, idle or its user is disabled. */
  async resolve(cookieValue: string | undefined): Promise<ActiveSession | null> {
    const token = parseSessionToken(cookieValue);
    if (!token) return null;
    const session = await findSession(this.store.db, token.id);
    if (!session || !secretMatches(token.secret, session.secret_hash)) return null;
    const now = this.clock.now();
    const idleLimit = session.last_seen_at + this.policy.idleMinutes * 60_000;
    if (session.expires_at <= now || (session.persistent === 0 && idleLimit <= now)) {
      await deleteSession(this.store.db, session.id);
      return null;
    }
    const [user, tenant] = await Promise.all([
      findUserById(this.store.db, session.tenant_id, session.user_id),
      findTenantById(this.store.db, session.tenant_id),
    ]);
    if (!user || !tenant || user.status !== 'enabled') return null;
    if (now - session.last_seen_at >= TOUCH_INTERVAL_MS) await touchSession(this.store.db, session.id, now);
    return { session, user, tenant };
  }

  async destroy(cookieValue: string | undefined): Promise<void> {
    const token = parseSessionToken(cookieValue);
    if (!token) return;
    const session = await findSession(this.store.db, token.id);
    if (session && secretMatches(token.secret, session.secret_hash)) await deleteSession(this.store.db, session.id);
  }
}
