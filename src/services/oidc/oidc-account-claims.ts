import type { Account, AccountClaims } from 'oidc-provider';
import type { ClaimMapping } from '../../core/sso/oidc-client-settings.js';
import type { Store } from '../../store/database.js';
import { findDefaultGroup, findGroup } from '../../store/groups.js';
import type { TenantRow, UserRow } from '../../store/schema.js';
import { findUserById } from '../../store/users.js';

/** Which claims each scope releases (OIDC Core §5.4, and Gatehouse's `groups`). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  email: ['email', 'email_verified'],
  groups: ['groups'],
} as const;

/**
 * What Gatehouse says of a user to a client. `sub` is the user's ID, which never changes (a login ID or an email
 * may). The email is the directory's: an administrator entered it, as in every organisation's directory, so it is
 * reported verified when there is one. `groups` is the user's Access Policy Group. A client's claim mapping adds
 * custom attributes under the names it chose; a user without the attribute has no such claim.
 */
export function claimsOf(user: UserRow, groupName: string, mapping: readonly ClaimMapping[]): AccountClaims {
  const attributes = JSON.parse(user.attributes) as Record<string, string>;
  const mapped: Record<string, string> = {};
  for (const { claim, attribute } of mapping) {
    const value = attributes[attribute];
    if (value !== undefined) mapped[claim] = value;
  }
  return {
    ...mapped,
    sub: user.id,
    name: user.display_name,
    given_name: user.given_name,
    family_name: user.family_name,
    preferred_username: user.login_id,
    ...(user.email ? { email: user.email, email_verified: true } : {}),
    groups: [groupName],
  };
}

/** The engine's account of a user of the tenant: only an enabled user has one (a disabled user's tokens stop). */
export async function findAccount(
  store: Store,
  tenant: TenantRow,
  userId: string,
  mappingOf: () => readonly ClaimMapping[],
): Promise<Account | undefined> {
  const user = await findUserById(store.db, tenant.id, userId);
  if (!user || user.status !== 'enabled') return undefined;
  const group = (await findGroup(store.db, tenant.id, user.group_id)) ?? (await findDefaultGroup(store.db, tenant.id));
  const groupName = group?.display_name ?? '';
  return { accountId: user.id, claims: () => claimsOf(user, groupName, mappingOf()) };
}
