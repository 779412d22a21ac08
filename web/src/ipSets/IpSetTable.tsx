import type { IpSet } from '@contract/admin-api';
import { Table } from '@mantine/core';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { EmptyTableRow } from '../components/EmptyTableRow';

export function IpSetTable({ ipSets }: { ipSets: IpSet[] }) {
  return (
    <Table.ScrollContainer minWidth={500}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Identifier</Table.Th>
            <Table.Th>Display Name</Table.Th>
            <Table.Th>Entries</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ipSets.map((ipSet) => (
            <Table.Tr key={ipSet.id}>
              <Table.Td>
                <ConsoleLink to={routePaths.editIpSet(ipSet.id)}>{ipSet.identifier}</ConsoleLink>
              </Table.Td>
              <Table.Td>{ipSet.displayName}</Table.Td>
              <Table.Td>{ipSet.entries.length}</Table.Td>
            </Table.Tr>
          ))}
          {ipSets.length === 0 && <EmptyTableRow columnCount={3}>No IP Sets yet.</EmptyTableRow>}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
