import { Code, Table, Text } from '@mantine/core';

/** The terms of the access condition language (SPEC §4.1). */
const terms: [example: string, meaning: string][] = [
  ['ip4:203.0.113.7  ip4:203.0.113.0/24  ip4:203.0.113.10-203.0.113.20', 'the client IPv4 address matches'],
  ['ip6:2001:db8::/32', 'the client IPv6 address matches'],
  ['ipset:office', 'the client address is in the IP Set with that identifier'],
  ['template:office-hours', 'the Access Policy Template with that identifier holds'],
  ['has_pass:true', 'the browser holds a valid entrance pass'],
  ['pass_age_days:0-30', '…and that pass was issued 0–30 days ago'],
  ['login_name:alice@example.com', 'the user is that login ID'],
  ['role:admin  role:global-admin', 'the user has any admin role / that role'],
  ['time:09:00-18:00  weekday:mon-fri  date:2026-12-01/2026-12-31', 'the current time (tenant time zone) is inside'],
  ['attr.<id>:<value>', "the user's custom attribute <id> equals <value>"],
];

/** A short reference of the condition language, shown beside condition inputs. */
export function ConditionHelp() {
  return (
    <details>
      <summary>
        <Text span size="sm" fw={500}>
          Writing conditions
        </Text>
      </summary>
      <Text size="sm" mt="xs">
        Lowercase, at most 4096 characters. Combine terms with <Code>and</Code>, <Code>or</Code>, <Code>not</Code> and
        parentheses; <Code>true</Code> and <Code>false</Code> are also allowed. Example:{' '}
        <Code>ipset:office or has_pass:true</Code>
      </Text>
      <Table mt="xs" withTableBorder fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Term</Table.Th>
            <Table.Th>True when</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {terms.map(([example, meaning]) => (
            <Table.Tr key={example}>
              <Table.Td>
                <Code>{example}</Code>
              </Table.Td>
              <Table.Td>{meaning}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </details>
  );
}
