import { Table, Text } from '@mantine/core';
import { getKeyDevice } from '../api/otp';
import { useApiData } from '../api/useApiData';
import { formatTimestamp } from '../components/formatTimestamp';
import { useSession } from '../session/Session';

/**
 * The Gatehouse Key device bound to the user (SPEC §3.3): one per user. Reset OTP removes it together with
 * the registration, so revoking needs no button of its own.
 */
export function KeyDeviceRow({ userId, otpType }: { userId: string; otpType: string }) {
  const { api } = useSession();
  const device = useApiData(() => getKeyDevice(api, userId), `${userId}:${otpType}`);
  if (otpType !== 'gatehouse-key' || !device.data?.device) return null;
  const { name, enrolledAt, lastSeenAt } = device.data.device;
  return (
    <Table.Tr>
      <Table.Th w={200}>Gatehouse Key device</Table.Th>
      <Table.Td colSpan={2}>
        <Text span data-testid="key-device">
          {name}
        </Text>
        <Text span c="dimmed" size="sm">
          {' '}
          · enrolled {formatTimestamp(enrolledAt)} · last seen {formatTimestamp(lastSeenAt)} · removed by Reset OTP
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
