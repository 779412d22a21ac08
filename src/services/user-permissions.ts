import { isAdminRole, permissionsOf, type Role } from '../core/roles.js';
import type { UserRow } from '../store/schema.js';
import type { Actor } from './actor.js';
import { ForbiddenError } from './errors.js';

export function requireManageUsers(actor: Actor): void {
  if (!permissionsOf(actor.role).manageUsers) throw new ForbiddenError('Your role can view users but not change them.');
}

/** Only a Global Admin may hand out admin roles: otherwise a User Admin could promote itself. */
export function requireMayGrant(actor: Actor, role: Role): void {
  if (isAdminRole(role) && actor.role !== 'global-admin')
    throw new ForbiddenError('Only a Global Admin can assign admin roles.');
}

/** A User Admin manages ordinary users (and itself), never another administrator. */
export function requireMayChange(actor: Actor, target: UserRow): void {
  if (target.role !== 'none' && actor.role !== 'global-admin' && target.id !== actor.userId)
    throw new ForbiddenError('Only a Global Admin can change another administrator.');
}

/** Admin changes to a user, or a user changing their own account in the portal. */
export function requireMayManage(actor: Actor, target: UserRow): void {
  if (actor.userId === target.id) return;
  requireManageUsers(actor);
  requireMayChange(actor, target);
}
