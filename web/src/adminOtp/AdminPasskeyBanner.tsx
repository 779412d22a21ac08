import { Alert, Anchor, Text } from '@mantine/core';
import { formatTimestamp } from '../components/formatTimestamp';
import { portalPasskeysUrl } from '../session/portalLinks';
import { useSession } from '../session/Session';
import { useAdminOtpStatus } from './AdminOtpStatusProvider';

/**
 * Shown on every console page while phishing-resistant sign-in for admins is required now or from a date (SPEC
 * §3.4): from when, and whether the signed-in admin has a passkey, with a link to the portal's Passkeys page.
 */
export function AdminPasskeyBanner() {
  const { domain } = useSession();
  const { data: status } = useAdminOtpStatus();
  const passkeys = status?.passkeys;
  if (!passkeys || passkeys.requirement === 'off') return null;

  return (
    <Alert
      role="region"
      aria-label="Administrator passkey notice"
      color={passkeys.me.ready ? 'blue' : 'yellow'}
      mb="md"
    >
      <Text size="sm" fw={500}>
        {passkeys.requiredNow
          ? 'Administrators must sign in with a passkey.'
          : `Administrators must sign in with a passkey from ${formatTimestamp(passkeys.requiredFrom)}.`}
      </Text>
      <Text size="sm">
        {passkeys.me.ready ? (
          'Your passkey: registered'
        ) : (
          <>
            Your passkey: none —{' '}
            <Anchor href={portalPasskeysUrl(domain)} size="sm">
              add one on the Passkeys page
            </Anchor>
          </>
        )}
      </Text>
    </Alert>
  );
}
