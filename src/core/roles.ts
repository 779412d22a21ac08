export const ROLES = ['none', 'global-admin', 'user-admin', 'read-only-admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  none: 'None',
  'global-admin': 'Global Admin',
  'user-admin': 'User Admin',
  'read-only-admin': 'Read-Only Admin',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isAdminRole(role: Role): boolean {
  return role !== 'none';
}

export interface Permissions {
  /** May open the console and read everything in it. */
  viewConsole: boolean;
  /** Users, their OTP and their group assignment. */
  manageUsers: boolean;
  /** Policies and system (domain) settings. */
  manageSystem: boolean;
}

/** What an admin API route asks of the caller's role: one of the flags of `Permissions`. */
export type Permission = keyof Permissions;
export const PERMISSIONS: readonly Permission[] = ['viewConsole', 'manageUsers', 'manageSystem'];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

export function permissionsOf(role: Role): Permissions {
  switch (role) {
    case 'global-admin':
      return { viewConsole: true, manageUsers: true, manageSystem: true };
    case 'user-admin':
      return { viewConsole: true, manageUsers: true, manageSystem: false };
    case 'read-only-admin':
      return { viewConsole: true, manageUsers: false, manageSystem: false };
    case 'none':
      return { viewConsole: false, manageUsers: false, manageSystem: false };
  }
}
