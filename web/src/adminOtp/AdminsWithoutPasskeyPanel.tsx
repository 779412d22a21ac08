import { Paper, Table, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../components/ErrorAlert';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { roleLabels } from '../users/userLabels';
import { useAdminOtpStatus } from './AdminOtpStatusProvider';

/** Domain Settings: the admins who have no passkey yet, each linked to their user details (SPEC §3.4). */
export function AdminsWithoutPasskeyPanel() {
  const status = useAdminOtpStatus();
  const admins = status.data?.passkeys.adminsNotReady;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="admins-without-passkey-title">
      <Title order={4} id="admins-without-passkey-title" mb="xs">
        Admins without a passkey
      </Title>
      <ErrorAlert error={status.error} />
      {admins && admins.length === 0 && <Text c="dimmed">Every admin has a passkey.</Text>}
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
