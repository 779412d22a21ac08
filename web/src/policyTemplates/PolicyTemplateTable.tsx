import { Code, Table, Text } from '@mantine/core';
import type { PolicyTemplate } from '../api/policyTemplates';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';

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
          {templates.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Text c="dimmed">No Access Policy Templates yet.</Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
