import type { Role, UserStatus } from '@contract/admin-api';

export const statusLabels: Record<UserStatus, string> = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  locked: 'Locked out',
};

export const roleLabels: Record<Role, string> = {
  none: 'None',
  'global-admin': 'Global Admin',
  'user-admin': 'User Admin',
  'read-only-admin': 'Read-Only Admin',
};

export const roleOptions = Object.entries(roleLabels).map(([value, label]) => ({ value, label }));

/** An admin can set a user Enabled or Disabled; Locked out is reached by failed logins and left by Unlock. */
export const settableStatusOptions = [
  { value: 'enabled', label: statusLabels.enabled },
  { value: 'disabled', label: statusLabels.disabled },
];
