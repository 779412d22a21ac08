import { Type } from 'typebox';
import { OTP_TYPES } from '../../../core/otp/otp-types.js';
import { ROLES } from '../../../core/roles.js';
import { USER_STATUSES } from '../../../core/user-status.js';
import { USER_SORT_KEYS } from '../../../store/users.js';

/** A plain JSON-schema enum: ajv then answers "must be equal to one of the allowed values" rather than one error per branch. */
const literals = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });
export const UserParams = Type.Object({ domain: Type.String({ maxLength: 253 }), id: Type.String({ maxLength: 64 }) });

export const ErrorBody = Type.Object(
  { error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) },
  { description: 'Every 4xx/5xx answer' },
);

export const User = Type.Object({
  id: Type.String(),
  loginId: Type.String(),
  displayName: Type.String(),
  familyName: Type.String(),
  givenName: Type.String(),
  email: Type.String(),
  status: literals(USER_STATUSES),
  role: literals(ROLES),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  failedLoginCount: Type.Integer(),
  otpType: literals(OTP_TYPES),
  otpEmail: Type.String(),
  groupId: Type.String(),
  groupName: Type.String(),
  attributes: Type.Record(Type.String(), Type.String()),
});

/** Fields are typed loosely here and checked by the service, which words its messages for people. */
const editableUserFields = {
  loginId: Type.Optional(Type.String({ maxLength: 1024 })),
  displayName: Type.Optional(Type.String({ maxLength: 1024 })),
  familyName: Type.Optional(Type.String({ maxLength: 1024 })),
  givenName: Type.Optional(Type.String({ maxLength: 1024 })),
  email: Type.Optional(Type.String({ maxLength: 1024 })),
  status: Type.Optional(Type.String({ maxLength: 32 })),
  role: Type.Optional(Type.String({ maxLength: 32 })),
  groupId: Type.Optional(Type.String({ maxLength: 64 })),
  attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
};

export const CreatedUser = Type.Object({
  ...User.properties,
  generatedPassword: Type.Optional(Type.String({ description: 'Shown once, when the server chose the password' })),
});
export const PasswordResetAnswer = Type.Object({
  password: Type.Optional(Type.String({ description: 'Shown once, when the server chose the password' })),
});

export const CreateUserBody = Type.Object(
  {
    ...editableUserFields,
    loginId: Type.String({ maxLength: 1024 }),
    password: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false },
);
export const UpdateUserBody = Type.Object(editableUserFields, { additionalProperties: false });
export const ResetPasswordBody = Type.Object(
  { password: Type.Optional(Type.String({ maxLength: 1024 })) },
  { additionalProperties: false },
);

export const UserListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 256 })),
  status: Type.Optional(literals(USER_STATUSES)),
  role: Type.Optional(literals(ROLES)),
  otpType: Type.Optional(literals(OTP_TYPES)),
  groupId: Type.Optional(Type.String({ maxLength: 64 })),
  loggedIn: Type.Optional(literals(['yes', 'no'] as const)),
  lastLoginFrom: Type.Optional(Type.String({ maxLength: 40 })),
  lastLoginTo: Type.Optional(Type.String({ maxLength: 40 })),
  sort: Type.Optional(literals(USER_SORT_KEYS)),
  order: Type.Optional(literals(['asc', 'desc'] as const)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 2048 })),
});

export const UserPage = Type.Object({
  items: Type.Array(User),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  total: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'Matching users, counted up to 1000, on the first page only (no cursor); null on later pages.',
  }),
  totalIsLowerBound: Type.Boolean({
    description: 'More than `total` users match ("1000+ users"); false when total is null.',
  }),
});

export const AuditLogQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 256 })),
  operation: Type.Optional(Type.String({ maxLength: 64 })),
  target: Type.Optional(Type.String({ maxLength: 256 })),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 2048 })),
});

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorLoginId: Type.String(),
  operation: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  targetLabel: Type.String(),
  before: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  after: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  ip: Type.String(),
  result: literals(['success', 'failure'] as const),
});

export const TenantSettings = Type.Object({
  loginPageTitle: Type.String(),
  showKeepMeLoggedIn: Type.Boolean(),
  passwordPolicy: Type.String(),
  passwordMinLength: Type.Integer(),
  lockoutThreshold: Type.Integer(),
  lockoutMinutes: Type.Integer(),
  timeZone: Type.String(),
  mailSender: Type.String(),
  otpIssuerName: Type.String({ maxLength: 20 }),
  entrancePass: Type.String({ enum: ['never', 'always', 'conditions'] }),
  entrancePassCondition: Type.String(),
  entrancePassLifetimeDays: Type.Integer(),
  adminOtpEnforcement: Type.String({ enum: ['off', 'scheduled', 'now'] }),
  adminOtpEnforcedFrom: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  adminOtpMissing: Type.String({ enum: ['setup', 'deny'] }),
});

export const TenantSettingsPatch = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Any subset of the settings',
});
