import type { Weekday } from './condition.js';

export interface LocalTime {
  /** 0–1439 */
  minuteOfDay: number;
  weekday: Weekday;
  /** YYYY-MM-DD */
  date: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_INDEX: Record<string, Weekday> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Intl formatting costs microseconds; every decision within one minute of one time zone shares its answer. */
let lastMinute: { timeZone: string; minute: number; local: LocalTime } | undefined;

/** The wall-clock time in the tenant's time zone, which is what `time:`, `weekday:` and `date:` speak of. */
export function localTimeIn(timeZone: string, epochMs: number): LocalTime {
  const minute = Math.floor(epochMs / 60_000);
  if (lastMinute && lastMinute.minute === minute && lastMinute.timeZone === timeZone) return lastMinute.local;
  const local = computeLocalTime(timeZone, epochMs);
  lastMinute = { timeZone, minute, local };
  return local;
}

function computeLocalTime(timeZone: string, epochMs: number): LocalTime {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(epochMs)) parts[part.type] = part.value;
  return {
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAY_INDEX[parts.weekday ?? 'Sun'] ?? 0,
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}
