import { type Static, Type } from 'typebox';
import { OTP_TYPES } from '../../core/otp/otp-types.js';
import { ROLES } from '../../core/roles.js';
import { USER_SORT_KEYS } from '../../core/user-sort-keys.js';
import { STORED_STATUSES, USER_STATUSES } from '../../core/user-status.js';
import { cursor, literals, nullable, pageLimit, SORT_ORDERS, Timestamp } from './common.js';

export type { OtpType } from '../../core/otp/otp-types.js';
export type { Role } from '../../core/roles.js';
export type { UserSortKey } from '../../core/user-sort-keys.js';
export type { StoredStatus, UserStatus } from '../../core/user-status.js';

export const User = Type.Object({
  id: Type.String(),
  loginId: Type.String(),
  displayName: Type.String(),
  familyName: Type.String(),
  givenName: Type.String(),
  email: Type.String(),
  status: literals(USER_STATUSES, { description: '"locked" = Locked out (too many failed logins); never stored' }),
  role: literals(ROLES),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastLoginAt: nullable(Timestamp),
  lockedUntil: nullable(Timestamp),
  failedLoginCount: Type.Integer(),
  otpType: literals(OTP_TYPES),
  otpEmail: Type.String({ description: 'The OTP notification email; empty unless the OTP Type is Email' }),
  groupId: Type.String({ description: "The user's Access Policy Group (exactly one)" }),
  groupName: Type.String(),
  attributes: Type.Record(Type.String(), Type.String(), {
    description: 'Custom attributes, tested by `attr.<name>:<value>` in access conditions',
  }),
});
export type User = Static<typeof User>;

/**
 * What an admin may set. Text fields are typed loosely (long enough to be refused politely) and checked by the
 * server, which words its messages for people and names the field.
 */
const editableUserFields = {
  loginId: Type.Optional(Type.String({ maxLength: 1024 })),
  displayName: Type.Optional(Type.String({ maxLength: 1024 })),
  familyName: Type.Optional(Type.String({ maxLength: 1024 })),
  givenName: Type.Optional(Type.String({ maxLength: 1024 })),
  email: Type.Optional(Type.String({ maxLength: 1024 })),
  status: Type.Optional(literals(STORED_STATUSES, { description: '"locked" is not set but derived' })),
  role: Type.Optional(literals(ROLES)),
  groupId: Type.Optional(Type.String({ maxLength: 64 })),
  attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
};

export const CreateUserBody = Type.Object(
  {
    ...editableUserFields,
    loginId: Type.String({ maxLength: 1024 }),
    password: Type.Optional(Type.String({ maxLength: 1024, description: 'Generated when left out' })),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(editableUserFields, { additionalProperties: false });
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const CreatedUser = Type.Object({
  ...User.properties,
  generatedPassword: Type.Optional(Type.String({ description: 'Shown once, when the server chose the password' })),
});
export type CreatedUser = Static<typeof CreatedUser>;

export const ResetPasswordBody = Type.Object(
  { password: Type.Optional(Type.String({ maxLength: 1024, description: 'Generated when left out' })) },
  { additionalProperties: false },
);
export type ResetPasswordBody = Static<typeof ResetPasswordBody>;

export const PasswordResetAnswer = Type.Object({
  password: Type.Optional(Type.String({ description: 'Shown once, when the server chose the password' })),
});
export type PasswordResetAnswer = Static<typeof PasswordResetAnswer>;

export const UserListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 256, description: 'Substring of login ID, names or email, any case' })),
  status: Type.Optional(literals(USER_STATUSES)),
  role: Type.Optional(literals(ROLES)),
  otpType: Type.Optional(literals(OTP_TYPES)),
  groupId: Type.Optional(Type.String({ maxLength: 64 })),
  loggedIn: Type.Optional(literals(['yes', 'no'] as const)),
  lastLoginFrom: Type.Optional(Type.String({ maxLength: 40, description: 'ISO date or timestamp' })),
  lastLoginTo: Type.Optional(Type.String({ maxLength: 40, description: 'ISO date (the whole day) or timestamp' })),
  sort: Type.Optional(literals(USER_SORT_KEYS)),
  order: Type.Optional(literals(SORT_ORDERS)),
  limit: Type.Optional(pageLimit),
  cursor: Type.Optional(cursor),
});
export type UserListQuery = Static<typeof UserListQuery>;

export const UserPage = Type.Object({
  items: Type.Array(User),
  nextCursor: nullable(Type.String()),
  total: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'Matching users, counted up to 1000, on the first page only (no cursor); null on later pages.',
  }),
  totalIsLowerBound: Type.Boolean({
    description: 'More than `total` users match ("1000+ users"); false when total is null.',
  }),
});
export type UserPage = Static<typeof UserPage>;
