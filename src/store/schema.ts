import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AccessLogReason } from '../core/access-log-reasons.js';
import type { OtpType } from '../core/otp/otp-types.js';
import type { Role } from '../core/roles.js';
import type { SigningKeyState } from '../core/signing-key-states.js';
import type { StoredStatus } from '../core/user-status.js';

/*
 * Conventions that keep one code path for SQLite and PostgreSQL:
 * timestamps are epoch milliseconds in BIGINT columns (0 = never), flags are 0/1 integers.
 */

export interface TenantTable {
  id: string;
  domain: string;
  created_at: number;
  updated_at: number;
  login_page_title: string;
  show_keep_me_logged_in: number;
  password_policy: string;
  password_min_length: number;
  lockout_threshold: number;
  lockout_minutes: number;
  time_zone: string;
  mail_sender: string;
  otp_issuer: Generated<string>;
  /** never | always | conditions */
  entrance_pass_mode: Generated<string>;
  entrance_pass_condition: Generated<string>;
  entrance_pass_days: Generated<number>;
  /** off | scheduled | now */
  admin_otp_enforcement: Generated<string>;
  admin_otp_enforced_from: Generated<number>;
  /** setup | deny: what happens to an admin without OTP once enforcement applies */
  admin_otp_missing: Generated<string>;
  /** off | scheduled | now: phishing-resistant sign-in for admins (migration 0019) */
  admin_passkey_requirement: Generated<string>;
  admin_passkey_required_from: Generated<number>;
  policy_version: Generated<number>;
}

export interface UserTable {
  id: string;
  tenant_id: string;
  login_id: string;
  login_id_lower: string;
  display_name: string;
  family_name: string;
  given_name: string;
  email: string;
  /** Lower-cased login ID, names and email joined, so a search reads one column. */
  search_text: string;
  /** "Locked out" is not stored: it is derived from locked_until. */
  status: StoredStatus;
  role: Role;
  password_hash: string;
  failed_login_count: number;
  locked_until: number;
  last_login_at: number;
  created_at: number;
  updated_at: number;
  otp_type: Generated<OtpType>;
  /** The TOTP secret, sealed by SecretBox with the user id as context; '' when none. */
  otp_secret: Generated<string>;
  /** The last accepted TOTP time step: a code of this step or older is never accepted again. */
  otp_last_step: Generated<number>;
  otp_email: Generated<string>;
  otp_registered_at: Generated<number>;
  /** 0 until the user's first emergency tokens are issued (lazily, for users that existed before OTP). */
  emergency_tokens_issued_at: Generated<number>;
  group_id: Generated<string>;
  /** Custom attributes as a JSON object of strings, tested by `attr.<id>:<value>`. */
  attributes: Generated<string>;
}

export interface SessionTable {
  id: string;
  tenant_id: string;
  user_id: string;
  secret_hash: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  persistent: number;
  ip: string;
  user_agent: string;
  /** When the session's sign-in passed an OTP step (0: it did not): admin OTP enforcement asks for one. */
  otp_verified_at: Generated<number>;
  /** The OTP method of that step: authenticator-app | email | emergency-token | gatehouse-key; '' without one. */
  otp_method: Generated<string>;
}

export interface AuditLogTable {
  id: string;
  tenant_id: string;
  at: number;
  actor_user_id: string;
  actor_login_id: string;
  operation: string;
  target_type: string;
  target_id: string;
  target_label: string;
  before_json: string | null;
  after_json: string | null;
  ip: string;
  result: string;
}

export interface OtpSetupTable {
  id: string;
  tenant_id: string;
  user_id: string;
  /** totp | email */
  method: string;
  secret: string;
  email: string;
  code_hash: string;
  code_sent_at: number;
  code_tries: number;
  created_at: number;
  expires_at: number;
  /** 0 while pending; set once, atomically, by the one confirmation that wins. */
  completed_at: number;
  completed_type: string;
  enroll_base: Generated<string>;
}

export interface EmergencyTokenTable {
  id: string;
  tenant_id: string;
  user_id: string;
  /** The token sealed by SecretBox (context: the row id), so the console can show and copy it. */
  sealed: string;
  created_at: number;
  used_at: number;
}

export interface AccessPolicyGroupTable {
  id: string;
  tenant_id: string;
  display_name: string;
  display_name_lower: string;
  is_default: number;
  cookie_hours: number;
  /** always | conditions */
  allow_mode: string;
  allow_condition: string;
  /** always-require | conditions | always-skip */
  otp_mode: string;
  otp_condition: string;
  portal_otp_setup: number;
  /** always | conditions | never */
  otp_email_change_mode: string;
  otp_email_change_condition: string;
  /** not-allowed | second-factor | passwordless (migration 0018) */
  passkeys: string;
  /** preferred | required: Require user verification no / yes (migration 0018) */
  passkey_user_verification: string;
  created_at: number;
  updated_at: number;
}

/** A Connected Service (SPEC §6): a SAML service provider; OpenID Connect clients later. */
export interface ConnectedServiceTable {
  id: string;
  tenant_id: string;
  /** saml | oidc */
  type: string;
  name: string;
  name_lower: string;
  /** enabled | disabled */
  status: string;
  /** The preset it was made from (core/sso/saml-presets.ts), or null for a blank one. */
  preset: string | null;
  /** always | conditions: a condition of the service's own, on top of the group's */
  allow_mode: string;
  allow_condition: string;
  /** group | always | conditions: when the service asks for OTP beyond what the group asks */
  otp_mode: string;
  otp_condition: string;
  /** SAML services only: the SP entity ID, unique per tenant. */
  saml_entity_id: string | null;
  /** SAML services only: the rest of core/sso/saml-settings.ts's SamlSettings, as JSON. */
  saml_settings: string | null;
  /** OpenID Connect clients only: the public client_id, unique across tenants. */
  oidc_client_id: string | null;
  /** OpenID Connect clients only: core/sso/oidc-client-settings.ts's OidcClientSettings, as JSON. */
  oidc_settings: string | null;
  /** Random, never shown: the key of the service's pairwise persistent NameIDs. */
  subject_salt: string;
  created_at: number;
  updated_at: number;
}

/** Which connected services an Access Policy Group allows its users to sign in to. */
export interface GroupAllowedServiceTable {
  tenant_id: string;
  group_id: string;
  service_id: string;
}

export interface IpSetTable {
  id: string;
  tenant_id: string;
  identifier: string;
  display_name: string;
  /** JSON array of address / CIDR / range strings */
  entries: string;
  created_at: number;
  updated_at: number;
}

export interface PolicyTemplateTable {
  id: string;
  tenant_id: string;
  identifier: string;
  display_name: string;
  condition: string;
  created_at: number;
  updated_at: number;
}

export interface EntrancePassTable {
  id: string;
  tenant_id: string;
  user_id: string;
  secret_hash: string;
  issued_at: number;
  expires_at: number;
  last_used_at: number;
  ip: string;
  user_agent: string;
}

export interface AccessLogTable {
  id: string;
  tenant_id: string;
  at: number;
  login_id: string;
  user_id: string;
  ip: string;
  user_agent: string;
  service: string;
  result: 'allowed' | 'denied';
  reason: AccessLogReason;
  otp_method: string;
}

export interface SignInAttemptTable {
  id: string;
  tenant_id: string;
  user_id: string;
  secret_hash: string;
  /** otp | otp-setup | reported (ended from Gatehouse Key with "This wasn't me") */
  stage: string;
  keep_me_logged_in: number;
  /** Where the attempt goes once it succeeds: `portal` (return_to is a same-tenant path). */
  return_kind: string;
  return_to: string;
  otp_tries: number;
  /** The OTP method already passed when the attempt moved on to forced OTP setup; '' otherwise. */
  otp_method: string;
  email_code_hash: string;
  email_code_sent_at: number;
  /** Gatehouse Key approval requests sent for this attempt (at most 3). */
  push_requests: number;
  ip: string;
  created_at: number;
  expires_at: number;
}

export interface KeyDeviceTable {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  /** The device's ECDSA P-256 public key as a JWK (JSON). */
  public_key: string;
  enrolled_at: number;
  last_seen_at: number;
}

export interface KeyNonceTable {
  device_id: string;
  nonce: string;
  expires_at: number;
}

export interface ApprovalRequestTable {
  id: string;
  tenant_id: string;
  user_id: string;
  attempt_id: string;
  /** The number the browser shows and the user types into Gatehouse Key. */
  number: number;
  service: string;
  ip: string;
  user_agent: string;
  created_at: number;
  expires_at: number;
  /** pending | accepted | rejected | wrong-number | reported | expired | closed */
  status: string;
  decided_at: number;
}

export interface RateCounterTable {
  key: string;
  count: number;
  /** The end of the current window; a reservation after it starts a new one. */
  expires_at: number;
}

export interface LoginIdLockoutTable {
  tenant_id: string;
  /** Keyed hash of the normalised login ID: the ID itself is never stored. */
  id_hash: string;
  failed_login_count: number;
  locked_until: number;
  updated_at: number;
}

export interface UserSignInAddressTable {
  user_id: string;
  ip: string;
  last_success_at: number;
}

/** The columns of a signing key's life, alike in every signing-key table: store/signing-keys.ts rotates them all. */
export interface SigningKeyLifecycleColumns {
  id: string;
  tenant_id: string;
  state: SigningKeyState;
  /** The private key, sealed by SecretBox with the key's id as context; '' once retired. */
  sealed_private_key: string;
  created_at: number;
  activated_at: number;
  retired_at: number;
}

/** A SAML signing key: its sealed private key is a PKCS#8 PEM. */
export interface SamlSigningKeyTable extends SigningKeyLifecycleColumns {
  certificate_pem: string;
  not_before: number;
  not_after: number;
}

/** A generation of OpenID Provider signing keys: its sealed private key is the JSON of its private JWKs. */
export interface OidcSigningKeyTable extends SigningKeyLifecycleColumns {
  /** A JSON JWK Set of the public keys, each with its kid, alg and use. */
  public_jwks: string;
}

/** A confidential OpenID Connect client's secret: only its SHA-256 hash is kept. */
export interface OidcClientSecretTable {
  id: string;
  tenant_id: string;
  service_id: string;
  secret_hash: string;
  created_at: number;
  /** When a rotation's overlap ends; null for the current secret. */
  expires_at: number | null;
}

/** A single sign-on request waiting for its user to sign in (SPEC §6). */
export interface SsoRequestTable {
  id: string;
  tenant_id: string;
  service_id: string;
  protocol: 'saml' | 'oidc';
  /** The service's own request ID; '' when the user started from the portal. */
  request_id: string;
  reply_url: string;
  relay_state: string;
  force_authn: number;
  is_passive: number;
  created_at: number;
  expires_at: number;
  /** When it was answered; 0 while it waits. */
  answered_at: number;
}

/** A record of the OpenID Provider engine (issue 10): its payload, and what it is looked up by. */
export interface OidcRecordTable {
  tenant_id: string;
  model: string;
  id: string;
  payload: string;
  grant_id: string;
  user_code: string;
  uid: string;
  expires_at: number;
  consumed_at: number;
}

export interface Database {
  tenants: TenantTable;
  users: UserTable;
  sessions: SessionTable;
  audit_logs: AuditLogTable;
  otp_setups: OtpSetupTable;
  emergency_tokens: EmergencyTokenTable;
  access_policy_groups: AccessPolicyGroupTable;
  connected_services: ConnectedServiceTable;
  group_allowed_services: GroupAllowedServiceTable;
  ip_sets: IpSetTable;
  policy_templates: PolicyTemplateTable;
  entrance_passes: EntrancePassTable;
  access_logs: AccessLogTable;
  sign_in_attempts: SignInAttemptTable;
  key_devices: KeyDeviceTable;
  key_nonces: KeyNonceTable;
  approval_requests: ApprovalRequestTable;
  rate_counters: RateCounterTable;
  login_id_lockouts: LoginIdLockoutTable;
  user_sign_in_addresses: UserSignInAddressTable;
  saml_signing_keys: SamlSigningKeyTable;
  oidc_signing_keys: OidcSigningKeyTable;
  sso_requests: SsoRequestTable;
  oidc_records: OidcRecordTable;
  oidc_client_secrets: OidcClientSecretTable;
  leases: LeaseTable;
  passkeys: PasskeyTable;
  webauthn_challenges: WebauthnChallengeTable;
}

/** Periodic work done by one node at a time (store/leases.ts). */
export interface LeaseTable {
  name: string;
  holder: string;
  expires_at: number;
}

/** A user's passkey: a WebAuthn credential (migration 0017). */
export interface PasskeyTable {
  id: string;
  tenant_id: string;
  user_id: string;
  /** base64url, unique per tenant. */
  credential_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  sign_count: number;
  /** Comma-separated transports ('' when the browser named none). */
  transports: string;
  aaguid: string;
  /** 'singleDevice' | 'multiDevice' */
  device_type: string;
  backed_up: number;
  name: string;
  created_at: number;
  last_used_at: number;
  /** When the signature counter went backwards at a sign-in; 0 = never. */
  flagged_at: number;
}

/** A pending WebAuthn ceremony: only the challenge's hash, spent by deleting the row. */
export interface WebauthnChallengeTable {
  challenge_hash: string;
  tenant_id: string;
  user_id: string | null;
  purpose: 'register' | 'authenticate';
  created_at: number;
  expires_at: number;
}

export type TenantRow = Selectable<TenantTable>;
export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserRowUpdate = Updateable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type OtpSetupRow = Selectable<OtpSetupTable>;
export type EmergencyTokenRow = Selectable<EmergencyTokenTable>;
export type GroupRow = Selectable<AccessPolicyGroupTable>;
export type ConnectedServiceRow = Selectable<ConnectedServiceTable>;
export type IpSetRow = Selectable<IpSetTable>;
export type PolicyTemplateRow = Selectable<PolicyTemplateTable>;
export type EntrancePassRow = Selectable<EntrancePassTable>;
export type AccessLogRow = Selectable<AccessLogTable>;
export type SignInAttemptRow = Selectable<SignInAttemptTable>;
export type KeyDeviceRow = Selectable<KeyDeviceTable>;
export type ApprovalRequestRow = Selectable<ApprovalRequestTable>;
export type LoginIdLockoutRow = Selectable<LoginIdLockoutTable>;
export type SamlSigningKeyRow = Selectable<SamlSigningKeyTable>;
export type OidcSigningKeyRow = Selectable<OidcSigningKeyTable>;
export type SsoRequestRow = Selectable<SsoRequestTable>;
export type OidcRecordRow = Selectable<OidcRecordTable>;
export type OidcClientSecretRow = Selectable<OidcClientSecretTable>;
export type PasskeyRow = Selectable<PasskeyTable>;
export type WebauthnChallengeRow = Selectable<WebauthnChallengeTable>;
export type { Generated };
