import { ROLES } from '../roles.js';
import type { Term, Weekday } from './condition.js';
import { parseIpRange } from './ip-range.js';

export const IDENTIFIER_PATTERN = /^[a-z0-9][a-z0-9._-]{2,254}$/;

const WEEKDAYS: Record<string, Weekday> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

function minuteOfDay(text: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function weekdays(value: string): Set<Weekday> | null {
  const days = new Set<Weekday>();
  for (const part of value.split(',')) {
    const [from, to] = part.split('-');
    const start = from === undefined ? undefined : WEEKDAYS[from];
    const end = to === undefined ? start : WEEKDAYS[to];
    if (start === undefined || end === undefined || part.split('-').length > 2) return null;
    // mon-fri, or a wrapping span such as fri-mon.
    for (let d = start; ; d = ((d + 1) % 7) as Weekday) {
      days.add(d);
      if (d === end) break;
    }
  }
  return days;
}

/**
 * One `name:value` term, or a message saying what is wrong with it. The messages are shown to admins when they
 * save a condition, so they say what a valid value looks like.
 */
export function parseTerm(name: string, value: string, text: string): Term | string {
  switch (name) {
    case 'ip4':
    case 'ip6': {
      const range = parseIpRange(value, name === 'ip4' ? 4 : 6);
      if (!range)
        return name === 'ip4'
          ? `"${value}" is not an IPv4 address, CIDR range or from-to range (e.g. 203.0.113.0/24)`
          : `"${value}" is not an IPv6 address, CIDR range or from-to range (e.g. 2001:db8::/32)`;
      return { name, text, range };
    }
    case 'ipset':
    case 'template':
      if (!IDENTIFIER_PATTERN.test(value))
        return `"${value}" is not an identifier (3 to 255 characters: a-z, 0-9, ".", "_", "-")`;
      return { name, text, id: value };
    case 'has_pass':
      if (value !== 'true' && value !== 'false') return 'has_pass must be true or false';
      return { name, text, value: value === 'true' };
    case 'pass_age_days': {
      const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(value);
      if (!match) return 'pass_age_days must be a number of days or a range such as 0-30';
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : Number(match[2]);
      if (min > max) return `pass_age_days range ${value} is empty`;
      return { name, text, min, max };
    }
    case 'login_name':
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return `"${value}" is not a login ID`;
      return { name, text, loginId: value.toLowerCase() };
    case 'role':
      if (value !== 'admin' && !(ROLES as readonly string[]).includes(value))
        return 'role must be admin, global-admin, user-admin, read-only-admin or none';
      return { name, text, role: value };
    case 'time': {
      const [from = '', to = ''] = value.split('-');
      const fromMinute = minuteOfDay(from);
      const toMinute = minuteOfDay(to);
      if (fromMinute === null || toMinute === null || value.split('-').length !== 2)
        return 'time must be a range such as 09:00-18:00';
      return { name, text, fromMinute, toMinute };
    }
    case 'weekday': {
      const days = weekdays(value);
      if (!days) return 'weekday must name days such as mon-fri or sat,sun';
      return { name, text, days };
    }
    case 'date': {
      const [from = '', to = from, extra] = value.split('/');
      if (extra !== undefined || !isCalendarDate(from) || !isCalendarDate(to))
        return 'date must be a date or a range such as 2026-12-01/2026-12-31';
      if (from > to) return `date range ${value} is empty`;
      return { name, text, from, to };
    }
    default: {
      if (name.startsWith('attr.')) {
        const attribute = name.slice('attr.'.length);
        if (!/^[a-z0-9_][a-z0-9_.-]{0,63}$/.test(attribute)) return `"${attribute}" is not an attribute name`;
        return { name: 'attr', text, attribute, value };
      }
      return `unknown term "${name}"`;
    }
  }
}
