import type { ConnectedService } from '@contract/admin-api';
import { Badge, Table } from '@mantine/core';
import { EmptyTableRow } from '../components/EmptyTableRow';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { serviceStatusLabels, serviceTypeLabels } from './serviceLabels';

/** The services with their type, status and the users their groups allow. */
export function ConnectedServiceTable({ services }: { services: ConnectedService[] }) {
  return (
    <Table.ScrollContainer minWidth={500}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Users allowed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {services.map((service) => (
            <Table.Tr key={service.id}>
              <Table.Td>
                <ConsoleLink to={routePaths.editService(service.id)}>{service.name}</ConsoleLink>
              </Table.Td>
              <Table.Td>{serviceTypeLabels[service.type]}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={service.status === 'enabled' ? 'green' : 'gray'} tt="none">
                  {serviceStatusLabels[service.status]}
                </Badge>
              </Table.Td>
              <Table.Td>{service.usersAllowed}</Table.Td>
            </Table.Tr>
          ))}
          {services.length === 0 && <EmptyTableRow columnCount={4}>No connected services yet.</EmptyTableRow>}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
