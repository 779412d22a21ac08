import type { User } from '@contract/admin-api';
import { Button, Divider, Group, Table, Title } from '@mantine/core';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { describeOtpType } from './otpTypeLabels';
import { KeyDeviceRow } from './KeyDeviceRow';
import { changesOwnOtpInPortal, OwnOtpNotice } from './OwnOtpNotice';
import { ResetOtpAction } from './ResetOtpAction';

/** User details, section OTP (SPEC §3.1 step 2): row OTP Type, with Register and, once registered, Reset OTP. */
export function OtpSection({ user, onChanged }: { user: User; onChanged: (user: User) => void }) {
  const { me } = useSession();
  const router = useRouter();
  const ownInPortal = changesOwnOtpInPortal(me, user);
  return (
    <section aria-labelledby="otp-section-title">
      <Divider mb="sm" />
      <Title order={3} id="otp-section-title" mb="xs">
        OTP
      </Title>
      <Table variant="vertical" layout="fixed" withTableBorder>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={200}>OTP Type</Table.Th>
            <Table.Td data-testid="otp-type">{describeOtpType(user)}</Table.Td>
            <Table.Td>
              <Group gap="xs" justify="flex-end">
                <Button
                  variant="light"
                  onClick={() => router.navigate(routePaths.otpSetup(user.id))}
                  disabled={!me.permissions.manageUsers || ownInPortal}
                >
                  Register
                </Button>
                {user.otpType !== 'none' && !ownInPortal && <ResetOtpAction user={user} onReset={onChanged} />}
              </Group>
            </Table.Td>
          </Table.Tr>
          <KeyDeviceRow userId={user.id} otpType={user.otpType} />
        </Table.Tbody>
      </Table>
      {ownInPortal && <OwnOtpNotice />}
    </section>
  );
}
