import { clientNetworkOf } from '../core/client-network.js';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { SecretBox } from '../core/crypto/secret-box.js';
import type { Config } from '../config.js';
import type { Store } from '../store/database.js';
import { Metrics } from './metrics.js';
import { AccessLogService } from './access-log-service.js';
import { AuditService } from './audit-service.js';
import { ApprovalService } from './key/approval-service.js';
import { DeviceRequestVerifier } from './key/device-request-verifier.js';
import { KeyEnrolmentService } from './key/key-enrolment-service.js';
import { MailService } from './mail-service.js';
import { OidcSigningKeys } from './oidc/oidc-signing-keys.js';
import { EmergencyTokenService } from './otp/emergency-token-service.js';
import { OtpSecrets } from './otp/otp-secrets.js';
import { OtpSetupService } from './otp/otp-setup-service.js';
import { OtpVerifier } from './otp/otp-verifier.js';
import { PasskeyAuthentication } from './passkeys/passkey-authentication.js';
import { adminPasskeyAppliesTo } from './policy/admin-passkey-requirement.js';
import { isAdminRole, type Role } from '../core/roles.js';
import { findTenantById } from '../store/tenants.js';
import { PasskeyRegistration } from './passkeys/passkey-registration.js';
import { PasskeyService } from './passkeys/passkey-service.js';
import { PasswordChangeService } from './password-change-service.js';
import { PasswordHasher } from './password-hasher.js';
import { AdminOtpStatusService } from './policy/admin-otp-status-service.js';
import { EntrancePassService } from './policy/entrance-pass-service.js';
import { GroupService } from './policy/group-service.js';
import { IpSetService } from './policy/ip-set-service.js';
import { LockoutGuard } from './policy/lockout-guard.js';
import { PolicyCatalog } from './policy/policy-catalog.js';
import { OtpEmailChangePolicy } from './policy/otp-email-change-policy.js';
import { PolicyCheckService } from './policy/policy-check-service.js';
import { TemplateService } from './policy/template-service.js';
import { IdpMetadataService } from './saml/idp-metadata.js';
import { SamlSigningKeys } from './saml/saml-signing-keys.js';
import { SamlPeerCache } from './saml/saml-peers.js';
import { SamlSsoService } from './saml/saml-sso-service.js';
import { SamlLogoutService } from './saml/saml-logout-service.js';
import { ServiceAccess } from './sso/service-access.js';
import { SessionService } from './session-service.js';
import { ConnectedServiceService } from './sso/connected-service-service.js';
import { OidcClientSecretService } from './sso/oidc-client-secret-service.js';
import { OidcDirectory } from './oidc/oidc-directory.js';
import { OidcSsoService } from './oidc/oidc-sso-service.js';
import { SsoRequests } from './sso/sso-requests.js';
import { OidcRequestGuard } from './oidc/oidc-request-guard.js';
import { AccountLockout } from './sign-in/guards/account-lockout.js';
import { FamiliarClients } from './sign-in/guards/familiar-clients.js';
import { OtpAnswers } from './sign-in/guards/otp-answers.js';
import { RateGuard } from './sign-in/guards/rate-guard.js';
import { PasswordlessSignIn } from './sign-in/passwordless-sign-in.js';
import { SignInAttempts } from './sign-in/sign-in-attempts.js';
import { SignInCompletion } from './sign-in/sign-in-completion.js';
import { SignInFlow } from './sign-in/sign-in-flow.js';
import { OtpStepUp } from './sign-in/otp-step-up.js';
import { EmailCodeVerifier } from './sign-in/verifiers/email-code-verifier.js';
import { TenantCache } from './tenant-cache.js';
import { TenantService } from './tenant-service.js';
import { UserService } from './user-service.js';

export interface Services {
  clock: Clock;
  metrics: Metrics;
  hasher: PasswordHasher;
  audit: AuditService;
  tenants: TenantService;
  users: UserService;
  sessions: SessionService;
  signIn: SignInFlow;
  /** Sign in with a passkey, without a password (issue 12). */
  passwordless: PasswordlessSignIn;
  /** The OTP step alone, for a session without one that opens a service requiring OTP. */
  stepUp: OtpStepUp;
  /** Counts failures of the sign-in's addresses and accounts; Change Password counts with them. */
  addressThrottle: RateGuard;
  lockout: AccountLockout;
  familiarClients: FamiliarClients;
  passwordChange: PasswordChangeService;
  mail: MailService;
  otpSetup: OtpSetupService;
  passkeys: PasskeyService;
  passkeyRegistration: PasskeyRegistration;
  otpVerifier: OtpVerifier;
  emergencyTokens: EmergencyTokenService;
  catalog: PolicyCatalog;
  groups: GroupService;
  connectedServices: ConnectedServiceService;
  oidcClientSecrets: OidcClientSecretService;
  ipSets: IpSetService;
  templates: TemplateService;
  entrancePasses: EntrancePassService;
  accessLog: AccessLogService;
  policyCheck: PolicyCheckService;
  adminOtpStatus: AdminOtpStatusService;
  keyEnrolment: KeyEnrolmentService;
  deviceRequests: DeviceRequestVerifier;
  approvals: ApprovalService;
  otpEmailChange: OtpEmailChangePolicy;
  samlSigningKeys: SamlSigningKeys;
  idpMetadata: IdpMetadataService;
  /** May this user open this service now, and with OTP (SSO, portal tiles, Policy Check). */
  serviceAccess: ServiceAccess;
  samlSso: SamlSsoService;
  samlLogout: SamlLogoutService;
  /** The OpenID Provider's signing keys per tenant, and their rotation. */
  oidcSigningKeys: OidcSigningKeys;
  oidcDirectory: OidcDirectory;
  oidcSso: OidcSsoService;
  ssoRequests: SsoRequests;
  oidcRequestGuard: OidcRequestGuard;
}

export interface ServiceDependencies {
  config: Config;
  store: Store;
  clock: Clock;
  secretKey: Buffer;
  logger: Logger;
}

/**
 * Each request for passwordless options stores a challenge for a caller nobody knows yet, and the login page asks
 * for one on every view (autofill): enough for an office behind one address, not enough to fill the table.
 */
const PASSWORDLESS_OPTIONS_PER_ADDRESS = { limit: 120, windowMs: 5 * 60_000 };

/** A group's Authentication Cookie Expiration normally decides; this covers a session made without one. */
const DEFAULT_SESSION_HOURS = 168;

export function createServices({ config, store, clock, secretKey, logger }: ServiceDependencies): Services {
  const secrets = new OtpSecrets(secretKey, config.previousSecretKeys);
  const mail = new MailService(config.smtpUrl, logger);
  const hasher = new PasswordHasher(config.argon2);
  const audit = new AuditService(store, clock);
  const metrics = new Metrics(store.poolUsage);
  const accessLog = new AccessLogService(store, clock, metrics);
  const sessions = new SessionService(store, clock, {
    absoluteHours: DEFAULT_SESSION_HOURS,
    idleMinutes: config.sessionIdleMinutes,
  });
  const minutes = 60_000;
  // Every limit per client address counts an IPv6 client by its /64 (clientNetworkOf).
  const addressThrottle = new RateGuard(
    store,
    clock,
    'login-address',
    { limit: config.loginIpMaxFailures, windowMs: config.loginIpWindowMinutes * minutes },
    clientNetworkOf,
  );
  const otpFailures = new RateGuard(store, clock, 'otp-failures', {
    limit: config.otpMaxFailures,
    windowMs: config.otpFailureWindowMinutes * minutes,
  });
  const pushRequests = new RateGuard(store, clock, 'key-push', {
    limit: config.keyPushMaxPerHour,
    windowMs: 60 * minutes,
  });
  const catalog = new PolicyCatalog(store);
  const tenantCache = new TenantCache();
  const guard = new LockoutGuard(store, clock, catalog);
  const emergencyTokens = new EmergencyTokenService(store, clock, secrets, audit, guard);
  const otpVerifier = new OtpVerifier(store, clock, secrets, emergencyTokens);
  const entrancePasses = new EntrancePassService(store, clock, audit);
  const lockout = new AccountLockout(store, clock, secretKey);
  const familiarClients = new FamiliarClients(store, clock, entrancePasses);
  const answers = new OtpAnswers(addressThrottle, otpFailures, lockout, accessLog);
  const attempts = new SignInAttempts(store, clock, lockout, familiarClients);
  const approvals = new ApprovalService(store, clock, attempts, answers, pushRequests);
  const otpSetup = new OtpSetupService(store, clock, secrets, mail, audit, guard);
  const keyEnrolment = new KeyEnrolmentService(store, clock, secretKey, config.publicUrl, otpSetup, accessLog);
  const groups = new GroupService(store, clock, audit, guard);
  const samlSigningKeys = new SamlSigningKeys(store, clock, new SecretBox(secretKey, config.previousSecretKeys), audit);
  const passkeyAuthentication = new PasskeyAuthentication(store, clock, async (user) => {
    if (!isAdminRole(user.role as Role)) return false;
    const tenant = await findTenantById(store.db, user.tenant_id);
    return tenant !== undefined && adminPasskeyAppliesTo(tenant, user, clock.now());
  });
  const signInCompletion = new SignInCompletion(store, clock, sessions, catalog, entrancePasses, accessLog);
  const signIn = new SignInFlow({
    store,
    clock,
    passkeys: passkeyAuthentication,
    hasher,
    addressThrottle,
    lockout,
    familiar: familiarClients,
    catalog,
    passes: entrancePasses,
    tokens: emergencyTokens,
    totp: otpVerifier,
    emailCodes: new EmailCodeVerifier(store, clock, secrets, mail),
    approvals,
    keyDevices: keyEnrolment,
    answers,
    attempts,
    completion: signInCompletion,
    accessLog,
  });
  const passwordless = new PasswordlessSignIn({
    store,
    clock,
    passkeys: passkeyAuthentication,
    addressThrottle,
    optionsThrottle: new RateGuard(store, clock, 'passkey-options', PASSWORDLESS_OPTIONS_PER_ADDRESS, clientNetworkOf),
    answers,
    lockout,
    familiar: familiarClients,
    catalog,
    passes: entrancePasses,
    completion: signInCompletion,
    accessLog,
  });
  const stepUp = new OtpStepUp(attempts, emergencyTokens, clock, (user) => passkeyAuthentication.hasPasskeys(user));
  const serviceAccess = new ServiceAccess(store, catalog, entrancePasses);
  const idpMetadata = new IdpMetadataService(samlSigningKeys, config.publicUrl);
  const samlPeers = new SamlPeerCache(samlSigningKeys, idpMetadata);

  const connectedServices = new ConnectedServiceService(store, clock, audit, config.publicUrl);
  const oidcClientSecrets = new OidcClientSecretService(store, clock, audit, connectedServices);
  const oidcDirectory = new OidcDirectory(store, clock, oidcClientSecrets);
  connectedServices.onChange((tenantId) => oidcDirectory.forgetVocabulary(tenantId));
  /** SAML and OpenID Connect requests share one budget per address: each costs work before anyone signs in. */
  const ssoThrottle = new RateGuard(
    store,
    clock,
    'sso-address',
    { limit: config.ssoIpMaxPerMinute, windowMs: minutes },
    clientNetworkOf,
  );
  return {
    clock,
    metrics,
    hasher,
    audit,
    tenants: new TenantService(store, clock, hasher, audit, guard, tenantCache),
    users: new UserService(store, clock, hasher, audit, guard),
    sessions,
    signIn,
    passwordless,
    stepUp,
    addressThrottle,
    lockout,
    familiarClients,
    passwordChange: new PasswordChangeService(
      store,
      clock,
      hasher,
      addressThrottle,
      lockout,
      familiarClients,
      accessLog,
    ),
    mail,
    otpSetup,
    passkeys: new PasskeyService(store, clock, audit, guard),
    passkeyRegistration: new PasskeyRegistration(store, clock, audit),
    otpVerifier,
    emergencyTokens,
    catalog,
    groups,
    connectedServices,
    oidcClientSecrets,
    ipSets: new IpSetService(store, clock, audit, guard, tenantCache),
    templates: new TemplateService(store, clock, audit, guard, tenantCache),
    entrancePasses,
    accessLog,
    policyCheck: new PolicyCheckService(store, clock, catalog, emergencyTokens),
    adminOtpStatus: new AdminOtpStatusService(store, clock),
    keyEnrolment,
    deviceRequests: new DeviceRequestVerifier(store, clock),
    approvals,
    otpEmailChange: new OtpEmailChangePolicy(clock, groups, catalog),
    samlSigningKeys,
    idpMetadata,
    serviceAccess,
    samlLogout: new SamlLogoutService({
      store,
      peers: samlPeers,
      sessions,
    }),
    samlSso: new SamlSsoService({
      store,
      clock,
      peers: samlPeers,
      access: serviceAccess,
      requestThrottle: ssoThrottle,
      stepUp,
      accessLog,
    }),
    oidcSigningKeys: new OidcSigningKeys(store, clock, new SecretBox(secretKey, config.previousSecretKeys), audit),
    oidcDirectory,
    ssoRequests: new SsoRequests(store),
    oidcRequestGuard: new OidcRequestGuard(
      ssoThrottle,
      new RateGuard(
        store,
        clock,
        'oidc-failures',
        { limit: config.oidcFailuresIpMaxPerMinute, windowMs: minutes },
        clientNetworkOf,
      ),
      accessLog,
    ),
    oidcSso: new OidcSsoService({ store, clock, access: serviceAccess, stepUp, accessLog }),
  };
}
