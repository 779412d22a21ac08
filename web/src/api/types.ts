// Shapes of the Admin REST API (docs/admin-api.md).

export type UserStatus = 'enabled' | 'disabled' | 'locked';
export type UserRole = 'none' | 'global-admin' | 'user-admin' | 'read-only-admin';
export type OtpType = 'none' | 'gatehouse-key' | 'authenticator-app' | 'email';

export interface User {
  id: string;
  loginId: string;
  displayName: string;
  familyName: string;
  givenName: string;
  email: string;
  status: UserStatus;
  role: UserRole;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  lockedUntil: string | null;
  failedLoginCount: number;
  otpType: OtpType;
  /** The OTP notification email; empty unless the OTP Type is Email. */
  otpEmail: string;
  /** The user's Access Policy Group (exactly one). */
  groupId: string;
  groupName: string;
}

export interface Me {
  user: User;
  tenant: { domain: string };
  csrfToken: string;
  permissions: { manageUsers: boolean; manageSystem: boolean };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface UserPage extends Page<User> {
  /** Counted on a first page only (up to 1000); null on the pages after it. */
  total: number | null;
  /** More than `total` users match ("1000+ users"). */
  totalIsLowerBound: boolean;
}

export interface NewUser {
  loginId: string;
  displayName?: string;
  familyName?: string;
  givenName?: string;
  email?: string;
  status?: 'enabled' | 'disabled';
  role?: UserRole;
  password?: string;
}

export interface CreatedUser extends User {
  generatedPassword?: string;
}

export type UserChanges = Partial<
  Pick<User, 'loginId' | 'displayName' | 'familyName' | 'givenName' | 'email' | 'role' | 'groupId'> & {
    status: 'enabled' | 'disabled';
  }
>;

export interface AuditLogEntry {
  id: string;
  at: string;
  actorLoginId: string;
  operation: string;
  targetType: string;
  targetId: string;
  targetLabel: string;
  before: object | null;
  after: object | null;
  ip: string;
  result: 'success' | 'failure';
}

export type PasswordPolicy =
  'none' | 'upper-lower-digit' | 'upper-lower-digit-symbol' | 'three-of-four' | 'three-of-four-no-login-id';

export interface DomainSettings {
  loginPageTitle: string;
  showKeepMeLoggedIn: boolean;
  passwordPolicy: PasswordPolicy;
  passwordMinLength: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  timeZone: string;
  mailSender: string;
  otpIssuerName: string;
  /** Conditions for Issuing Entrance Pass (SPEC §5.2). */
  entrancePass: 'never' | 'always' | 'conditions';
  entrancePassCondition: string;
  entrancePassLifetimeDays: number;
  /** Admin OTP enforcement (SPEC §5.3); `adminOtpEnforcedFrom` is an ISO timestamp, used when `scheduled`. */
  adminOtpEnforcement: 'off' | 'scheduled' | 'now';
  adminOtpEnforcedFrom: string | null;
  adminOtpMissing: 'setup' | 'deny';
}
