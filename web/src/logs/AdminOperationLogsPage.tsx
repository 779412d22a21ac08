import { Anchor, Group, Stack, Title } from '@mantine/core';
import { auditLogsCsvUrl, listAuditLogs } from '../api/auditLogs';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { KeysetPageButtons } from '../components/KeysetPageButtons';
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
      <KeysetPageButtons
        cursor={query.cursor}
        nextCursor={logs.data?.nextCursor}
        loading={logs.loading}
        onPage={(cursor) => show({ ...query, cursor })}
      />
    </Stack>
  );
}
