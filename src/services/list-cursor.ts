import { ValidationError } from '../core/validation-error.js';

/** A keyset position: the sort values of the last row of a page, and its id. */
export interface ListPosition {
  values: (string | number)[];
  id: string;
}

/**
 * Keyset cursors are opaque to clients: base64url JSON of the last row's sort values and id.
 * A cursor is checked for shape, since it comes back from the outside.
 */
export function encodeCursor({ values, id }: ListPosition): string {
  return Buffer.from(JSON.stringify([values, id])).toString('base64url');
}

export function decodeCursor(cursor: string): ListPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      Array.isArray(parsed[0]) &&
      parsed[0].every((value: unknown) => typeof value === 'string' || typeof value === 'number') &&
      typeof parsed[1] === 'string'
    ) {
      return { values: parsed[0] as (string | number)[], id: parsed[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new ValidationError('The cursor is not valid; start again from the first page.', 'cursor');
}
