import { Type, type TSchema } from 'typebox';

/**
 * A plain JSON-schema string enum typed as the union of its values. Ajv then answers "must be equal to one of
 * the allowed values" (with the values) rather than one error per branch of an anyOf.
 */
export const literals = <T extends readonly string[]>(values: T, options: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** ISO-8601 in UTC, e.g. `2026-12-01T09:00:00.000Z`. */
export const Timestamp = Type.String({ format: 'date-time' });

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Keyset paging: pass `nextCursor` back as `cursor`, with the same filters, for the next page. */
export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: nullable(Type.String()) });

export const pageLimit = Type.Integer({ minimum: 1, maximum: 200, description: 'Items per page (default 50)' });
export const cursor = Type.String({ maxLength: 2048, description: 'The `nextCursor` of the previous page' });

/**
 * Request bodies of Access Control and Connected Services are checked field by field by the server, which words
 * the errors (a condition's column, an IP range it cannot read, the row of an ACS URL) and refuses unknown fields,
 * so their schema stays open. The `...Changes` types say what a client sends.
 */
export const checkedByTheServer = (what: string) =>
  Type.Record(Type.String(), Type.Unknown(), { description: `${what}; unknown fields are refused` });
