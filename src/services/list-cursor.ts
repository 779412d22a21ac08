import { ValidationError } from '../core/validation-error.js';

/**
 * Keyset cursors are opaque to clients: base64url JSON of the last row's sort value and id.
 * A cursor is checked for shape, since it comes back from the outside.
 */
export function encodeCursor(value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { value: string | number; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string'
    ) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new ValidationError('The cursor is not valid; start again from the first page.', 'cursor');
}
