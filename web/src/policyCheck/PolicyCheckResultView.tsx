import type { PolicyCheckResult } from '@contract/admin-api';
import { Alert, Badge, Group, Stack, Table, Title } from '@mantine/core';
import { EmptyTableRow } from '../components/EmptyTableRow';

/** What the sign-in would do, and the settings that decided it, in order. */
export function PolicyCheckResultView({ result }: { result: PolicyCheckResult }) {
  return (
    <Stack gap="sm" aria-live="polite">
      <Title order={3}>Result</Title>
      <Alert
        role="status"
        color={result.allowed ? 'green' : 'red'}
        title={
          result.service
            ? `${result.service}: ${result.allowed ? 'allowed' : 'denied'}`
            : result.allowed
              ? 'Sign-in allowed'
              : 'Sign-in denied'
        }
      >
        <Group gap="xs">
          <Badge color={result.otpRequired ? 'orange' : 'gray'} variant="light" tt="none">
            {result.otpRequired ? 'OTP required' : 'OTP not required'}
          </Badge>
          <Badge color={result.otpConfigured ? 'green' : 'gray'} variant="light" tt="none">
            {result.otpConfigured ? 'OTP configured' : 'OTP not configured'}
          </Badge>
        </Group>
      </Alert>
      <Table.ScrollContainer minWidth={600}>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Setting</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Detail</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.steps.map((step, index) => (
              <Table.Tr key={index}>
                <Table.Td>{step.setting}</Table.Td>
                <Table.Td>{step.outcome}</Table.Td>
                <Table.Td>{step.detail}</Table.Td>
              </Table.Tr>
            ))}
            {result.steps.length === 0 && <EmptyTableRow columnCount={3}>No steps reported.</EmptyTableRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
