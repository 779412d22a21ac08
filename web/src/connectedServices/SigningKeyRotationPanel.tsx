import type { SigningKeyState } from '@contract/admin-api';
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { SigningKeyApi } from '../api/signingKeys';
import { useApiCall } from '../api/useApiCall';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';

const stateLabels: Record<SigningKeyState, string> = {
  next: 'Prepared',
  active: 'Active',
  previous: 'Previous',
  retired: 'Retired',
};

const stateColors: Record<SigningKeyState, string> = {
  next: 'blue',
  active: 'green',
  previous: 'orange',
  retired: 'gray',
};

export interface SigningKeyColumn<Key> {
  header: string;
  cell: (key: Key) => ReactNode;
}

interface SigningKeyRotationPanelProps<Key> {
  /** The heading, and the panel's name as a region. */
  title: string;
  /** What the rotation means to the protocol's peers. */
  help: string;
  prepareLabel: string;
  keys: SigningKeyApi<Key>;
  /** What tells one key from another, between the state and the buttons. */
  columns: SigningKeyColumn<Key>[];
  /** Shown before a key's buttons (a download link, say). */
  links?: (key: Key) => ReactNode;
}

/**
 * A protocol's signing keys and their rotation with overlap (core/signing-key-states.ts): prepare a new key (published
 * beside the active one), activate it once the peers have learnt it, then retire the previous one. Retired keys are
 * left out; the admin API lists them.
 */
export function SigningKeyRotationPanel<Key extends { id: string; state: SigningKeyState }>(
  props: SigningKeyRotationPanelProps<Key>,
) {
  const { title, help, prepareLabel, keys: rotation, columns, links } = props;
  const { api, domain, me } = useSession();
  const keys = useApiData(() => rotation.list(api), `${title} ${domain}`);
  const { busy, error, run } = useApiCall();
  const canChange = me.permissions.manageSystem;
  const act = (call: () => Promise<unknown>) =>
    run(async () => {
      await call();
      keys.reload();
    });
  const shown = (keys.data?.items ?? []).filter((key) => key.state !== 'retired');
  const hasPrepared = shown.some((key) => key.state === 'next');
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3}>{title}</Title>
          <Button
            variant="default"
            disabled={!canChange || hasPrepared}
            loading={busy}
            onClick={() => act(() => rotation.prepare(api))}
          >
            {prepareLabel}
          </Button>
        </Group>
        <Text c="dimmed" size="sm">
          {help}
        </Text>
        <ErrorAlert error={keys.error ?? error} />
        {shown.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>State</Table.Th>
                {columns.map((column) => (
                  <Table.Th key={column.header}>{column.header}</Table.Th>
                ))}
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>
                    {/* Never cut short to "A…" when a wide key column squeezes the table. */}
                    <Badge color={stateColors[key.state]} variant="light" tt="none" miw="max-content">
                      {stateLabels[key.state]}
                    </Badge>
                  </Table.Td>
                  {columns.map((column) => (
                    <Table.Td key={column.header}>{column.cell(key)}</Table.Td>
                  ))}
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {links?.(key)}
                      {key.state === 'next' && (
                        <Button
                          size="xs"
                          disabled={!canChange}
                          loading={busy}
                          onClick={() => act(() => rotation.activate(api, key.id))}
                        >
                          Activate
                        </Button>
                      )}
                      {(key.state === 'previous' || key.state === 'next') && (
                        <Button
                          size="xs"
                          variant="default"
                          disabled={!canChange}
                          loading={busy}
                          onClick={() => act(() => rotation.retire(api, key.id))}
                        >
                          Retire
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
