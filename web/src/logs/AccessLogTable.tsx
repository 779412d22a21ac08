import type { AccessLogEntry } from '@contract/admin-api';
import { Badge, Table, Text } from '@mantine/core';
import { EmptyTableRow } from '../components/EmptyTableRow';
import { formatTimestamp } from '../components/formatTimestamp';
import { describeOtpMethod, describeReason } from './accessLogLabels';

const columns = ['Time', 'Login ID', 'IP', 'Result', 'Reason', 'OTP Method', 'Service', 'User Agent'];

export function AccessLogTable({ entries }: { entries: AccessLogEntry[] }) {
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            {columns.map((label) => (
              <Table.Th key={label}>{label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>{formatTimestamp(entry.at)}</Table.Td>
              <Table.Td>{entry.loginId}</Table.Td>
              <Table.Td>{entry.ip}</Table.Td>
              <Table.Td>
                <Badge color={entry.result === 'allowed' ? 'green' : 'red'} variant="light">
                  {entry.result === 'allowed' ? 'Allowed' : 'Denied'}
                </Badge>
              </Table.Td>
              <Table.Td>{describeReason(entry.reason)}</Table.Td>
              <Table.Td>{describeOtpMethod(entry.otpMethod)}</Table.Td>
              <Table.Td>{entry.service || '—'}</Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2} title={entry.userAgent}>
                  {entry.userAgent}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
          {entries.length === 0 && <EmptyTableRow columnCount={columns.length}>No sign-ins match.</EmptyTableRow>}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
