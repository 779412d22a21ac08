import type { PolicyTemplate } from '@contract/admin-api';
import { Code, Table } from '@mantine/core';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { EmptyTableRow } from '../components/EmptyTableRow';

export function PolicyTemplateTable({ templates }: { templates: PolicyTemplate[] }) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Identifier</Table.Th>
            <Table.Th>Display Name</Table.Th>
            <Table.Th>Condition</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {templates.map((template) => (
            <Table.Tr key={template.id}>
              <Table.Td>
                <ConsoleLink to={routePaths.editTemplate(template.id)}>{template.identifier}</ConsoleLink>
              </Table.Td>
              <Table.Td>{template.displayName}</Table.Td>
              <Table.Td>
                <Code>{template.condition}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
          {templates.length === 0 && <EmptyTableRow columnCount={3}>No Access Policy Templates yet.</EmptyTableRow>}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
