import type { Clock } from '../core/clock.js';
import type { Config } from '../config.js';
import type { Store } from '../store/database.js';
import type { Logger } from 'pino';
import { AuditService } from './audit-service.js';
import { MailService } from './mail-service.js';
import { EmergencyTokenService } from './otp/emergency-token-service.js';
import { OtpSecrets } from './otp/otp-secrets.js';
import { OtpSetupService } from './otp/otp-setup-service.js';
import { OtpVerifier } from './otp/otp-verifier.js';
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
  mail: MailService;
  otpSetup: OtpSetupService;
  otpVerifier: OtpVerifier;
  emergencyTokens: EmergencyTokenService;
}

export interface ServiceDependencies {
  config: Config;
  store: Store;
  clock: Clock;
  secretKey: Buffer;
  logger: Logger;
}

/** Until Access Policy Groups set Authentication Cookie Expiration, every session uses its default. */
const DEFAULT_SESSION_HOURS = 168;

export function createServices({ config, store, clock, secretKey, logger }: ServiceDependencies): Services {
  const secrets = new OtpSecrets(secretKey, config.previousSecretKeys);
  const mail = new MailService(config.smtpUrl, logger);
  const hasher = new PasswordHasher(config.argon2);
  const audit = new AuditService(store, clock);
  const sessions = new SessionService(store, clock, { absoluteHours: DEFAULT_SESSION_HOURS, idleMinutes: config.sessionIdleMinutes });
  const throttle = new LoginThrottle(clock, config.loginIpMaxFailures, config.loginIpWindowMinutes);
  const emergencyTokens = new EmergencyTokenService(store, clock, secrets, audit);
  return {
    clock,
    hasher,
    audit,
    tenants: new TenantService(store, clock, hasher, audit),
    users: new UserService(store, clock, hasher, audit),
    sessions,
    signIn: new SignInService(store, clock, hasher, sessions, throttle),
    passwordChange: new PasswordChangeService(store, clock, hasher),
    mail,
    otpSetup: new OtpSetupService(store, clock, secrets, mail, audit),
    otpVerifier: new OtpVerifier(store, clock, secrets, emergencyTokens),
    emergencyTokens,
  };
}
