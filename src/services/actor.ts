import type { Role } from '../core/roles.js';

/** Who is doing something, as written into the Admin Operation Log. */
export interface Actor {
  userId: string;
  loginId: string;
  role: Role;
  ip: string;
}

/** Changes made on the server host with the `gatehouse` command. */
export function commandLineActor(): Actor {
  return { userId: 'system', loginId: 'gatehouse (command line)', role: 'global-admin', ip: 'local' };
}
