import { Type } from 'typebox';

/**
 * The Key API (key-api/key-routes.ts) answers errors in the admin API's `{ error, message, field? }` shape, with
 * codes of its own (`device_not_authenticated`), so its schema leaves the code open. The admin API's own error
 * schema lives in the contract (contract/admin-api/errors.ts).
 */
export const ErrorBody = Type.Object(
  { error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) },
  { description: 'Every 4xx/5xx answer' },
);
