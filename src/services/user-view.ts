import type { User } from '../contract/admin-api/index.js';
import { effectiveStatus } from '../core/user-status.js';
import type { UserRow } from '../store/schema.js';

const iso = (ms: number): string | null => (ms > 0 ? new Date(ms).toISOString() : null);

/** A user as the API and console show it: never the password hash. */
export function toUserView(row: UserRow, now: number, groupNames: ReadonlyMap<string, string> = new Map()): User {
  return {
    id: row.id,
    loginId: row.login_id,
    displayName: row.display_name,
    familyName: row.family_name,
    givenName: row.given_name,
    email: row.email,
    status: effectiveStatus(row.status, row.locked_until, now),
    role: row.role,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    lastLoginAt: iso(row.last_login_at),
    lockedUntil: row.locked_until > now ? iso(row.locked_until) : null,
    failedLoginCount: row.failed_login_count,
    otpType: row.otp_type,
    otpEmail: row.otp_email,
    groupId: row.group_id,
    groupName: groupNames.get(row.group_id) ?? '',
    attributes: JSON.parse(row.attributes) as Record<string, string>,
  };
}

/** The fields an audit entry records for a user: what an admin can see and change. */
export function auditedFieldsOf(row: UserRow): Record<string, unknown> {
  return {
    loginId: row.login_id,
    displayName: row.display_name,
    familyName: row.family_name,
    givenName: row.given_name,
    email: row.email,
    status: row.status,
    role: row.role,
    groupId: row.group_id,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
  };
}
