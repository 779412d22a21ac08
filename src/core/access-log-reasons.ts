/** Why a sign-in attempt was allowed or denied, as the Access Logs record it (SPEC §7). */
export const ACCESS_LOG_REASONS = [
  'allowed',
  'invalid-credentials',
  'account-locked',
  'throttled',
  'policy-denied',
  'otp-not-configured',
  'otp-invalid',
  'otp-too-many-attempts',
  'otp-rejected',
  'otp-expired',
  /** Gatehouse Key's "This wasn't me": the user says somebody else has their password. */
  'otp-reported',
  /** The account's limit of wrong one-time passwords was reached. */
  'otp-limit',
  /** Single sign-on (SPEC §6): the user's group does not list the service among its allowed services. */
  'service-not-allowed',
  /** The service's own allow condition does not hold. */
  'service-denied',
  /** The service requires OTP and the session was opened without: the user is taken to the OTP step. */
  'otp-step-up',
  /** The request names no Connected Service of the tenant, or a disabled one. */
  'sso-unknown-service',
  /** Malformed, oversized or unsafe XML, or a request that is not what the binding says. */
  'sso-bad-request',
  /** A signature the service must send is missing or does not verify. */
  'sso-bad-signature',
  /** An answer address the service did not register. */
  'sso-unregistered-url',
  /** The same request again, or one issued too long ago. */
  'sso-replayed',
  'sso-expired',
  /** OpenID Connect: a client secret that is wrong, or a client that is unknown or disabled. */
  'oidc-invalid-client',
  /**
   * A code or refresh token that is unknown, expired, used before (what it gave is revoked then), bound to another
   * client or redirect URI, or a PKCE verifier that does not match.
   */
  'oidc-invalid-grant',
  /** An access token that is unknown, expired or revoked. */
  'oidc-invalid-token',
  /** A passkey at the OTP step (issue 12): its challenge is unknown, used, or another attempt's. */
  'passkey-challenge-unknown',
  'passkey-challenge-expired',
  /** The passkey response is not readable (client data JSON, authenticator data) or not a login answer. */
  'passkey-malformed',
  'passkey-wrong-origin',
  'passkey-wrong-rp-id',
  /** The credential is not one of the user's passkeys. */
  'passkey-unknown-credential',
  /** The signature (or the user presence flag) does not verify. */
  'passkey-invalid',
  /** A non-zero signature counter not above the stored one: a possible cloned authenticator; the passkey is flagged. */
  'passkey-counter-regressed',
  /** Sign in with a passkey (no password): the user handle does not name the credential's owner. */
  'passkey-user-mismatch',
  /** Sign in with a passkey: the credential's owner is disabled. */
  'passkey-account-disabled',
  /** Sign in with a passkey: the owner's Access Policy Group does not allow passkeys without a password. */
  'passkey-not-passwordless',
  /**
   * Phishing-resistant sign-in for admins (SPEC §3.4): the admin has no passkey, or answered the OTP step with
   * something else (a code, an emergency token, Gatehouse Key).
   */
  'admin-passkey-required',
  /** The user did not allow a third-party OpenID Connect client to use their account. */
  'consent-denied',
] as const;

export type AccessLogReason = (typeof ACCESS_LOG_REASONS)[number];
