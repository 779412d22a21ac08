import type { Clock } from '../core/clock.js';
import type { Config } from '../config.js';
import type { Store } from '../store/database.js';
import { AuditService } from './audit-service.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordChangeService } from './password-change-service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionService } from './session-service.js';
import { SignInService } from './sign-in/sign-in-service.js';
import { TenantService } from './tenant-service.js';
import { UserService } from './user-service.js';

export interface Services {
  clock: Clock;
  hasher: PasswordHasher;
  audit: AuditService;
  tenants: TenantService;
  users: UserService;
  sessions: SessionService;
  signIn: SignInService;
  passwordChange: PasswordChangeService;
}

/** Until Access Policy Groups set Authentication Cookie Expiration, every session uses its default. */
const DEFAULT_SESSION_HOURS = 168;

export function createServices(config: Config, store: Store, clock: Clock): Services {
  const hasher = new PasswordHasher(config.argon2);
  const audit = new AuditService(store, clock);
  const sessions = new SessionService(store, clock, { absoluteHours: DEFAULT_SESSION_HOURS, idleMinutes: config.sessionIdleMinutes });
  const throttle = new LoginThrottle(clock, config.loginIpMaxFailures, config.loginIpWindowMinutes);
  return {
    clock,
    hasher,
    audit,
    tenants: new TenantService(store, clock, hasher, audit),
    users: new UserService(store, clock, hasher, audit),
    sessions,
    signIn: new SignInService(store, clock, hasher, sessions, throttle),
    passwordChange: new PasswordChangeService(store, clock, hasher),
  };
}
