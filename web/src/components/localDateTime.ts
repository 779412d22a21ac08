// <input type="datetime-local"> holds a wall-clock time in the browser's time zone ("2026-05-01T09:00");
// the API speaks ISO timestamps in UTC.

/** The value for a datetime-local input showing `iso` in the browser's time zone; "" for none. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ISO timestamp of a datetime-local value, or null when it is empty or not a time. */
export function localInputToIso(local: string): string | null {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
