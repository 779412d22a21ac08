import type { ApiErrorCode } from '@contract/admin-api';

/** A failed Admin API call, carrying the server's `{ error, message, field }` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** `unknown` when the answer carried no error body (a proxy's page, a dropped connection). */
    readonly code: ApiErrorCode | 'unknown',
    message: string,
    readonly field: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
