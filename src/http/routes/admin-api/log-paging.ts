import { Readable } from 'node:stream';
import { csvLine } from '../../../core/csv.js';
import { ValidationError } from '../../../core/validation-error.js';
import { decodeCursor, encodeCursor } from '../../../services/list-cursor.js';

/** Where a log page starts: after the (time, id) of the previous page's last entry. */
export type LogPosition = { at: number; id: string };
type LogEntry = { at: string; id: string };

export function logPositionOf(cursor: string | undefined): LogPosition | undefined {
  if (!cursor) return undefined;
  const { values, id } = decodeCursor(cursor);
  const [at] = values;
  if (values.length !== 1 || typeof at !== 'number')
    throw new ValidationError('The cursor is not valid; start again from the first page.', 'cursor');
  return { at, id };
}

/** One page of a newest-first log, fetched with one extra entry to know whether another page follows. */
export async function logPage<T extends LogEntry>(
  fetch: (limit: number, before?: LogPosition) => Promise<T[]>,
  limit: number,
  cursor: string | undefined,
) {
  const entries = await fetch(limit + 1, logPositionOf(cursor));
  const items = entries.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: entries.length > limit && last ? encodeCursor({ values: [Date.parse(last.at)], id: last.id }) : null,
  };
}

/** The whole (filtered) log as CSV, read a thousand entries at a time so any size streams in bounded memory. */
export function logCsv<T extends LogEntry>(
  header: string[],
  fetch: (limit: number, before?: LogPosition) => Promise<T[]>,
  row: (entry: T) => (string | number | null)[],
): Readable {
  async function* lines() {
    yield csvLine(header);
    let before: LogPosition | undefined;
    for (;;) {
      const entries = await fetch(1000, before);
      for (const entry of entries) yield csvLine(row(entry));
      const last = entries[entries.length - 1];
      if (entries.length < 1000 || !last) return;
      before = { at: Date.parse(last.at), id: last.id };
    }
  }
  return Readable.from(lines());
}
