import { type Static, Type } from 'typebox';
import { literals } from './common.js';

/** The `error` codes the admin API answers with (docs/admin-api.md, "Errors"). */
export const API_ERROR_CODES = [
  'validation_failed',
  'malformed_json',
  'not_signed_in',
  'forbidden',
  'otp_required',
  'passkey_required',
  'csrf_failed',
  'not_found',
  'conflict',
  'expired',
  'too_soon',
  'mail_not_sent',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'bad_request',
  'internal_error',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const ErrorBody = Type.Object(
  {
    error: literals(API_ERROR_CODES),
    message: Type.String({ description: 'For people: shown as it is' }),
    field: Type.Optional(Type.String({ description: 'The request field at fault' })),
  },
  { description: 'Every 4xx/5xx answer' },
);
export type ErrorBody = Static<typeof ErrorBody>;
