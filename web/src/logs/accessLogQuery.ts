import { localInputToIso } from '../components/localDateTime';

/** The Access Logs filters and page, kept in the page URL (the user details screen links here with userId). */
export interface AccessLogQuery {
  loginId: string;
  userId: string;
  result: string;
  reason: string;
  ip: string;
  service: string;
  /** Local date-time as typed into the From/To inputs ("2026-05-01T09:00"). */
  from: string;
  to: string;
  cursor: string;
}

const names = ['loginId', 'userId', 'result', 'reason', 'ip', 'service', 'from', 'to', 'cursor'] as const;

export function parseAccessLogQuery(params: URLSearchParams): AccessLogQuery {
  const query = {} as AccessLogQuery;
  for (const name of names) query[name] = params.get(name) ?? '';
  return query;
}

export function accessLogSearch(query: AccessLogQuery): string {
  const params = new URLSearchParams();
  for (const name of names) {
    if (query[name]) params.set(name, query[name]);
  }
  return params.toString();
}

/** Parameters for GET /access-logs(.csv): From/To are sent as ISO timestamps. */
export function accessLogApiParams(
  query: AccessLogQuery,
  { withCursor }: { withCursor: boolean },
): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of ['loginId', 'userId', 'result', 'reason', 'ip', 'service'] as const) {
    if (query[name]) params[name] = query[name];
  }
  const from = localInputToIso(query.from);
  if (from) params.from = from;
  const to = localInputToIso(query.to);
  if (to) params.to = to;
  if (withCursor && query.cursor) params.cursor = query.cursor;
  return params;
}
