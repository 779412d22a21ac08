/** What an admin can set; "locked" is derived from failed logins, never stored as a status. */
export const STORED_STATUSES = ['enabled', 'disabled'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];

export const USER_STATUSES = ['enabled', 'disabled', 'locked'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const STATUS_LABELS: Record<UserStatus, string> = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  locked: 'Locked out',
};

export function effectiveStatus(stored: StoredStatus, lockedUntil: number, now: number): UserStatus {
  if (stored === 'disabled') return 'disabled';
  return lockedUntil > now ? 'locked' : 'enabled';
}
