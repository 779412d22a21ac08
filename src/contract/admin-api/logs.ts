import { type Static, Type } from 'typebox';
import { cursor, literals, pageLimit, pageOf, Timestamp } from './common.js';
import { ACCESS_LOG_REASONS } from '../../core/access-log-reasons.js';

const dateBound = (description: string) => Type.Optional(Type.String({ maxLength: 40, description }));

export const AUDIT_RESULTS = ['success', 'failure'] as const;

/** Log Management > Admin Operation Logs: one change by an admin. */
export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Timestamp,
  actorLoginId: Type.String(),
  operation: Type.String({ description: 'e.g. user.update, otp.register, settings.update' }),
  targetType: Type.String(),
  targetId: Type.String(),
  targetLabel: Type.String(),
  before: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  after: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  ip: Type.String(),
  result: literals(AUDIT_RESULTS),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditLogQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 256, description: 'Substring of the login ID' })),
  operation: Type.Optional(Type.String({ maxLength: 64, description: 'Exact, e.g. user.update' })),
  target: Type.Optional(Type.String({ maxLength: 256, description: 'Substring' })),
  from: dateBound('ISO date or timestamp'),
  to: dateBound('ISO date (the whole day) or timestamp'),
  limit: Type.Optional(pageLimit),
  cursor: Type.Optional(cursor),
});
export type AuditLogQuery = Static<typeof AuditLogQuery>;

export const AuditPage = pageOf(AuditEntry);
export type AuditPage = Static<typeof AuditPage>;

export const ACCESS_RESULTS = ['allowed', 'denied'] as const;
export type AccessResult = (typeof ACCESS_RESULTS)[number];
export type { AccessLogReason } from '../../core/access-log-reasons.js';

/** Log Management > Access Logs: one sign-in attempt (SPEC §7). */
export const AccessLogEntry = Type.Object({
  id: Type.String(),
  at: Timestamp,
  loginId: Type.String(),
  userId: Type.String({ description: '"" when the login ID belongs to nobody' }),
  ip: Type.String(),
  userAgent: Type.String(),
  service: Type.String(),
  result: literals(ACCESS_RESULTS),
  reason: literals(ACCESS_LOG_REASONS),
  otpMethod: Type.String({ description: 'The OTP method passed, "" without an OTP step' }),
});
export type AccessLogEntry = Static<typeof AccessLogEntry>;

export const AccessLogQuery = Type.Object({
  loginId: Type.Optional(Type.String({ maxLength: 256, description: 'Substring' })),
  userId: Type.Optional(Type.String({ maxLength: 64 })),
  result: Type.Optional(literals(ACCESS_RESULTS)),
  reason: Type.Optional(literals(ACCESS_LOG_REASONS)),
  ip: Type.Optional(Type.String({ maxLength: 64 })),
  service: Type.Optional(Type.String({ maxLength: 256, description: 'Substring of the service name' })),
  from: dateBound('ISO date or timestamp'),
  to: dateBound('ISO date (the whole day) or timestamp'),
  limit: Type.Optional(pageLimit),
  cursor: Type.Optional(cursor),
});
export type AccessLogQuery = Static<typeof AccessLogQuery>;

export const AccessLogPage = pageOf(AccessLogEntry);
export type AccessLogPage = Static<typeof AccessLogPage>;
