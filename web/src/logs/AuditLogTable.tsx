import type { AuditEntry } from '@contract/admin-api';
import { Badge, Button, Code, SimpleGrid, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { Fragment, useState } from 'react';
import { EmptyTableRow } from '../components/EmptyTableRow';
import { formatTimestamp } from '../components/formatTimestamp';

const columnCount = 7;

export function AuditLogTable({ entries }: { entries: AuditEntry[] }) {
  const [expandedId, setExpandedId] = useState<string | null>(null);
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Operation</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th>IP</Table.Th>
            <Table.Th>
              <VisuallyHidden>Details</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => {
            const expanded = entry.id === expandedId;
            const detailsId = `audit-log-details-${entry.id}`;
            return (
              <Fragment key={entry.id}>
                <Table.Tr>
                  <Table.Td>{formatTimestamp(entry.at)}</Table.Td>
                  <Table.Td>{entry.actorLoginId}</Table.Td>
                  <Table.Td>
                    <Code>{entry.operation}</Code>
                  </Table.Td>
                  <Table.Td>{entry.targetLabel || `${entry.targetType} ${entry.targetId}`}</Table.Td>
                  <Table.Td>
                    <Badge color={entry.result === 'success' ? 'green' : 'red'} variant="light">
                      {entry.result === 'success' ? 'Success' : 'Failure'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{entry.ip}</Table.Td>
                  <Table.Td>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailsId : undefined}
                      onClick={() => setExpandedId(expanded ? null : entry.id)}
                    >
                      Details
                    </Button>
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr id={detailsId}>
                    <Table.Td colSpan={columnCount}>
                      <ChangeDetails entry={entry} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
          {entries.length === 0 && <EmptyTableRow columnCount={columnCount}>No operations match.</EmptyTableRow>}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ChangeDetails({ entry }: { entry: AuditEntry }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <JsonValue label="Before" value={entry.before} />
      <JsonValue label="After" value={entry.after} />
    </SimpleGrid>
  );
}

function JsonValue({ label, value }: { label: string; value: object | null }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={700}>
        {label}
      </Text>
      {value === null ? <Text c="dimmed">None</Text> : <Code block>{JSON.stringify(value, null, 2)}</Code>}
    </Stack>
  );
}
