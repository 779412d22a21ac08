import { type Static, Type } from 'typebox';
import { User } from './users.js';

export const Me = Type.Object({
  user: User,
  tenant: Type.Object({ domain: Type.String() }),
  csrfToken: Type.String({ description: 'Send back as X-CSRF-Token on every POST, PATCH and DELETE' }),
  permissions: Type.Object({
    manageUsers: Type.Boolean({ description: 'Users, their OTP and their group assignment' }),
    manageSystem: Type.Boolean({ description: 'Access policies and domain settings' }),
  }),
});
export type Me = Static<typeof Me>;
