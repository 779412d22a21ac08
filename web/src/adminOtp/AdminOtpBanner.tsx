import { Alert, Text } from '@mantine/core';
import { formatTimestamp } from '../components/formatTimestamp';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { useAdminOtpStatus } from './AdminOtpStatusProvider';

/**
 * Shown on every console page while admin OTP enforcement is scheduled or in force (SPEC §5.3): from when, and
 * whether the signed-in admin has OTP registered, with a link to their own OTP setup.
 */
export function AdminOtpBanner() {
  const { me } = useSession();
  const { data: status } = useAdminOtpStatus();
  if (!status) return null;
  const scheduled = status.enforcement === 'scheduled' && !status.enforcedNow;
  if (!scheduled && !status.enforcedNow) return null;

  return (
    <Alert role="region" aria-label="Administrator OTP notice" color={status.me.ready ? 'blue' : 'yellow'} mb="md">
      <Text size="sm" fw={500}>
        {status.enforcedNow
          ? 'OTP is required for administrators.'
          : `OTP will be required for administrators from ${formatTimestamp(status.enforcedFrom)}.`}
      </Text>
      <Text size="sm">
        {status.me.ready ? (
          'Your OTP: registered'
        ) : (
          <>
            Your OTP: not registered —{' '}
            <ConsoleLink to={routePaths.otpSetup(me.user.id)} size="sm">
              register it now
            </ConsoleLink>
          </>
        )}
      </Text>
    </Alert>
  );
}
