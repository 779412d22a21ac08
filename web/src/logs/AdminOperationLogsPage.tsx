import { Anchor, Button, Group, Stack, Title } from '@mantine/core';
import { auditLogsCsvUrl, listAuditLogs } from '../api/auditLogs';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { AuditLogFilters } from './AuditLogFilters';
import { AuditLogTable } from './AuditLogTable';
import { auditLogApiParams, auditLogSearch, parseAuditLogQuery, type AuditLogQuery } from './auditLogQuery';

export function AdminOperationLogsPage() {
  const { api } = useSession();
  const router = useRouter();
  const query = parseAuditLogQuery(router.query);
  const apiParams = auditLogApiParams(query, { withCursor: true });
  const logs = useApiData(() => listAuditLogs(api, apiParams), JSON.stringify(apiParams));

  const show = (next: AuditLogQuery) => router.navigate(`${routePaths.adminOperationLogs}?${auditLogSearch(next)}`);

  return (
    <Stack>
      <Title order={2}>Admin Operation Logs</Title>
      <AuditLogFilters
        key={auditLogSearch({ ...query, cursor: '' })}
        query={query}
        onSearch={(filters) => show({ ...query, ...filters, cursor: '' })}
      />
      <Group justify="flex-end">
        <Anchor href={auditLogsCsvUrl(api, auditLogApiParams(query, { withCursor: false }))} download>
          Download CSV
        </Anchor>
      </Group>
      <ErrorAlert error={logs.error} />
      {logs.data && <AuditLogTable entries={logs.data.items} />}
      <Group>
        <Button variant="default" disabled={!query.cursor} onClick={() => show({ ...query, cursor: '' })}>
          First page
        </Button>
        <Button
          variant="default"
          disabled={logs.loading || !logs.data?.nextCursor}
          onClick={() => show({ ...query, cursor: logs.data?.nextCursor ?? '' })}
        >
          Next page
        </Button>
      </Group>
    </Stack>
  );
}
