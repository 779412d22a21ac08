import { Anchor, Group, Stack, Title } from '@mantine/core';
import { accessLogsCsvUrl, listAccessLogs } from '../api/accessLogs';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { KeysetPageButtons } from '../components/KeysetPageButtons';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { AccessLogFilters } from './AccessLogFilters';
import { AccessLogTable } from './AccessLogTable';
import { accessLogApiParams, accessLogSearch, parseAccessLogQuery, type AccessLogQuery } from './accessLogQuery';
import { UserFilterNotice } from './UserFilterNotice';

/** Log Management > Access Logs (SPEC §7): every sign-in attempt, allowed or denied, with its reason. */
export function AccessLogsPage() {
  const { api } = useSession();
  const router = useRouter();
  const query = parseAccessLogQuery(router.query);
  const apiParams = accessLogApiParams(query, { withCursor: true });
  const logs = useApiData(() => listAccessLogs(api, apiParams), JSON.stringify(apiParams));

  const show = (next: AccessLogQuery) => {
    const search = accessLogSearch(next);
    router.navigate(search ? `${routePaths.accessLogs}?${search}` : routePaths.accessLogs);
  };

  return (
    <Stack>
      <Title order={2}>Access Logs</Title>
      {query.userId && (
        <UserFilterNotice userId={query.userId} onClear={() => show({ ...query, userId: '', cursor: '' })} />
      )}
      <AccessLogFilters
        key={accessLogSearch({ ...query, cursor: '' })}
        query={query}
        onSearch={(filters) => show({ ...query, ...filters, cursor: '' })}
      />
      <Group justify="flex-end">
        <Anchor href={accessLogsCsvUrl(api, accessLogApiParams(query, { withCursor: false }))} download>
          Download CSV
        </Anchor>
      </Group>
      <ErrorAlert error={logs.error} />
      {logs.data && <AccessLogTable entries={logs.data.items} />}
      <KeysetPageButtons
        cursor={query.cursor}
        nextCursor={logs.data?.nextCursor}
        loading={logs.loading}
        onPage={(cursor) => show({ ...query, cursor })}
      />
    </Stack>
  );
}
