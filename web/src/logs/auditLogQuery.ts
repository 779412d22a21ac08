import { localInputToIso } from '../components/localDateTime';

/** The Admin Operation Logs filters and page, kept in the page URL. */
export interface AuditLogQuery {
  actor: string;
  operation: string;
  target: string;
  /** Local date-time as typed into the From/To inputs ("2026-05-01T09:00"). */
  from: string;
  to: string;
  cursor: string;
}

export const auditLogFilterNames = ['actor', 'operation', 'target', 'from', 'to'] as const;

export function parseAuditLogQuery(params: URLSearchParams): AuditLogQuery {
  const value = (name: string) => params.get(name) ?? '';
  return {
    actor: value('actor'),
    operation: value('operation'),
    target: value('target'),
    from: value('from'),
    to: value('to'),
    cursor: value('cursor'),
  };
}

export function auditLogSearch(query: AuditLogQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value) params.set(name, value);
  }
  return params.toString();
}

/** Parameters for GET /audit-logs(.csv): the API takes From/To as ISO timestamps, so local times are converted. */
export function auditLogApiParams(
  query: AuditLogQuery,
  { withCursor }: { withCursor: boolean },
): Record<string, string> {
  const params: Record<string, string> = {};
  if (query.actor) params.actor = query.actor;
  if (query.operation) params.operation = query.operation;
  if (query.target) params.target = query.target;
  const from = localInputToIso(query.from);
  if (from) params.from = from;
  const to = localInputToIso(query.to);
  if (to) params.to = to;
  if (withCursor && query.cursor) params.cursor = query.cursor;
  return params;
}
