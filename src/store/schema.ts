import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

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
  status: string;
  role: string;
  password_hash: string;
  failed_login_count: number;
  locked_until: number;
  last_login_at: number;
  created_at: number;
  updated_at: number;
  /** none | gatehouse-key | authenticator-app | email */
  otp_type: Generated<string>;
  /** The TOTP secret, sealed by SecretBox with the user id as context; '' when none. */
  otp_secret: Generated<string>;
  /** The last accepted TOTP time step: a code of this step or older is never accepted again. */
  otp_last_step: Generated<number>;
  otp_email: Generated<string>;
  otp_registered_at: Generated<number>;
  /** 0 until the user's first emergency tokens are issued (lazily, for users that existed before OTP). */
  emergency_tokens_issued_at: Generated<number>;
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

export interface Database {
  tenants: TenantTable;
  users: UserTable;
  sessions: SessionTable;
  audit_logs: AuditLogTable;
  otp_setups: OtpSetupTable;
  emergency_tokens: EmergencyTokenTable;
}

export type TenantRow = Selectable<TenantTable>;
export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserRowUpdate = Updateable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type OtpSetupRow = Selectable<OtpSetupTable>;
export type EmergencyTokenRow = Selectable<EmergencyTokenTable>;
export type { Generated };
