import { ValidationError } from '../../../core/validation-error.js';

const DAY_MS = 86_400_000;

/**
 * An ISO date or timestamp from a query string, as epoch milliseconds. For an upper bound given as a bare date
 * (`to=2026-12-01`) the whole of that day is included, as a person reading "to December 1st" expects.
 */
export function parseQueryDate(
  value: string | undefined,
  field: string,
  bound: 'from' | 'to' = 'from',
): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms))
    throw new ValidationError(`${field} must be a date such as 2026-12-01 or 2026-12-01T09:00:00Z.`, field);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return bound === 'to' && dateOnly ? ms + DAY_MS : ms;
}
