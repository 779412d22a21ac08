import type { Role } from '../core/roles.js';

/** Who is doing something, as written into the Admin Operation Log. */
export interface Actor {
  userId: string;
  loginId: string;
  role: Role;
  ip: string;
  /**
   * Set when users act on their own account by themselves, as their Access Policy Group allows: the portal's OTP
   * Settings, or the OTP setup at sign-in. Without it the actor is an administrator at work (the admin API, the
   * command line), and the role decides what they may do, on their own account too.
   */
  selfService?: true;
}

/** The same person, acting on their own account through a self-service page. */
export function asSelfService(actor: Actor): Actor {
  return { ...actor, selfService: true };
}

/** Changes made on the server host with the `gatehouse` command. */
export function commandLineActor(): Actor {
  return { userId: 'system', loginId: 'gatehouse (command line)', role: 'global-admin', ip: 'local' };
}

/** What Gatehouse does by itself, such as making a tenant's first SAML signing key when it is first needed. */
export function systemActor(): Actor {
  return { userId: 'system', loginId: 'gatehouse (automatic)', role: 'global-admin', ip: 'local' };
}
