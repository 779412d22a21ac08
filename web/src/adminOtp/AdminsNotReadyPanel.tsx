import { Paper, Table, Text, Title } from '@mantine/core';
import type { AdminOtpStatus } from '@contract/admin-api';
import { ErrorAlert } from '../components/ErrorAlert';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { roleLabels } from '../users/userLabels';
import { useAdminOtpStatus } from './AdminOtpStatusProvider';

/** Which readiness list: admin OTP enforcement (SPEC §5.3) or phishing-resistant sign-in for admins (§3.4). */
const READINESS = {
  otp: {
    title: 'Admins without OTP',
    allReady: 'Every admin has OTP registered.',
    adminsOf: (status: AdminOtpStatus) => status.adminsNotReady,
  },
  passkey: {
    title: 'Admins without a passkey',
    allReady: 'Every admin has a passkey.',
    adminsOf: (status: AdminOtpStatus) => status.passkeys.adminsNotReady,
  },
} as const;

/** Domain Settings: the admins a requirement would catch unprepared, each linked to their user details. */
export function AdminsNotReadyPanel({ requirement }: { requirement: keyof typeof READINESS }) {
  const status = useAdminOtpStatus();
  const readiness = READINESS[requirement];
  const admins = status.data ? readiness.adminsOf(status.data) : undefined;
  const titleId = `admins-without-${requirement}-title`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      <Title order={4} id={titleId} mb="xs">
        {readiness.title}
      </Title>
      <ErrorAlert error={status.error} />
      {admins && admins.length === 0 && <Text c="dimmed">{readiness.allReady}</Text>}
      {admins && admins.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Login ID</Table.Th>
              <Table.Th>Display Name</Table.Th>
              <Table.Th>Role</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {admins.map((admin) => (
              <Table.Tr key={admin.id}>
                <Table.Td>
                  <ConsoleLink to={routePaths.userDetails(admin.id)}>{admin.loginId}</ConsoleLink>
                </Table.Td>
                <Table.Td>{admin.displayName}</Table.Td>
                <Table.Td>{roleLabels[admin.role]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
