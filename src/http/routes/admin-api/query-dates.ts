import { ValidationError } from '../../../core/validation-error.js';

/** An ISO date or timestamp from a query string, as epoch milliseconds. */
export function parseQueryDate(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms))
    throw new ValidationError(`${field} must be a date such as 2026-12-01 or 2026-12-01T09:00:00Z.`, field);
  return ms;
}
