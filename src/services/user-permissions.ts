import { ADMIN_API_MESSAGES } from '../core/messages.js';
import { isAdminRole, permissionsOf, type Role } from '../core/roles.js';
import type { UserRow } from '../store/schema.js';
import type { Actor } from './actor.js';
import { ForbiddenError } from './errors.js';

/** An administrator at work: the role decides, and a Read-Only Admin changes nothing, their own account included. */
export function requireManageUsers(actor: Actor): void {
  if (!permissionsOf(actor.role).manageUsers) throw new ForbiddenError(ADMIN_API_MESSAGES.manageUsers);
}

/** Only a Global Admin may hand out admin roles: otherwise a User Admin could promote itself. */
export function requireMayGrant(actor: Actor, role: Role): void {
  if (isAdminRole(role) && actor.role !== 'global-admin')
    throw new ForbiddenError('Only a Global Admin can assign admin roles.');
}

/**
 * A User Admin manages ordinary users. An administrator's account, the User Admin's own included, is a Global
 * Admin's to change: otherwise a User Admin could move themselves to a laxer Access Policy Group, enable or unlock
 * themselves, or set their own password without knowing the current one.
 */
export function requireMayChange(actor: Actor, target: UserRow): void {
  if (target.role === 'none' || actor.role === 'global-admin') return;
  throw new ForbiddenError(
    target.id === actor.userId ? ADMIN_API_MESSAGES.ownAccount : ADMIN_API_MESSAGES.otherAdministrator,
  );
}

/**
 * A user's OTP and emergency tokens. In self-service, users act on their own account only, as
 * their Access Policy Group allows. An administrator at work needs a role that manages users, and for their own
 * OTP the Global Admin role: through the admin API a User Admin would otherwise get around their group's "Allow
 * users to configure OTP in the portal" and "Allow changing the OTP notification email" (a Global Admin may change
 * those settings anyway).
 */
export function requireMayManage(actor: Actor, target: UserRow): void {
  if (actor.selfService) {
    if (actor.userId !== target.id) throw new ForbiddenError('You can change only your own account here.');
    return;
  }
  requireManageUsers(actor);
  if (actor.userId === target.id && actor.role !== 'global-admin') throw new ForbiddenError(ADMIN_API_MESSAGES.ownOtp);
  requireMayChange(actor, target);
}
