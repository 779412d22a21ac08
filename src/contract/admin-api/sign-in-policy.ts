import { type Static, Type } from 'typebox';
import { nullable, Timestamp } from './common.js';

/** A trusted browser's entrance pass (SPEC §5.2). */
export const EntrancePass = Type.Object({
  id: Type.String(),
  issuedAt: Timestamp,
  expiresAt: Timestamp,
  lastUsedAt: nullable(Timestamp),
  ip: Type.String(),
  userAgent: Type.String(),
});
export type EntrancePass = Static<typeof EntrancePass>;

export const EntrancePassList = Type.Object({ items: Type.Array(EntrancePass) });
export type EntrancePassList = Static<typeof EntrancePassList>;

/** Access Control > Policy Check: the facts of a sign-in to try. */
export const PolicyCheckQuery = Type.Object({
  userId: Type.String({ maxLength: 64 }),
  ip: Type.String({ maxLength: 64 }),
  at: Type.Optional(Type.String({ maxLength: 40, description: "ISO timestamp; the server's clock when left out" })),
  hasPass: Type.Boolean({ description: 'The browser shows an entrance pass' }),
  passAgeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 36500 })),
  serviceId: Type.Optional(
    Type.String({ maxLength: 64, description: 'A Connected Service: may the user use it, with OTP or not' }),
  ),
});
export type PolicyCheckQuery = Static<typeof PolicyCheckQuery>;

export const PolicyCheckStep = Type.Object({ setting: Type.String(), outcome: Type.String(), detail: Type.String() });
export type PolicyCheckStep = Static<typeof PolicyCheckStep>;

export const PolicyCheckResult = Type.Object({
  allowed: Type.Boolean(),
  otpRequired: Type.Boolean(),
  otpConfigured: Type.Boolean(),
  /** The Connected Service checked, or null for a sign-in to Gatehouse itself. */
  service: nullable(Type.String()),
  steps: Type.Array(PolicyCheckStep, { description: 'The settings met, in order, and which one decided' }),
});
export type PolicyCheckResult = Static<typeof PolicyCheckResult>;
