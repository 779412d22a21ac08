const timestampFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An API timestamp in the admin's own locale and time zone; `whenMissing` for null. */
export function formatTimestamp(iso: string | null, whenMissing = '—'): string {
  return iso ? timestampFormat.format(new Date(iso)) : whenMissing;
}
