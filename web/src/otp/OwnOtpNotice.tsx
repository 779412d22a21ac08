import type { Me, User } from '@contract/admin-api';
import { Anchor, Text } from '@mantine/core';
import { portalOtpSettingsUrl } from '../session/portalLinks';
import { useSession } from '../session/Session';

/**
 * Admins other than Global Admins set up their own OTP in the portal, under their Access Policy Group's settings,
 * like everyone else: the server refuses it here.
 */
export function changesOwnOtpInPortal(me: Me, user: User): boolean {
  return user.id === me.user.id && me.user.role !== 'global-admin';
}

export function OwnOtpNotice() {
  const { domain } = useSession();
  return (
    <Text size="sm" c="dimmed" mt="xs">
      This is your own account: set up your OTP under{' '}
      <Anchor href={portalOtpSettingsUrl(domain)}>OTP Settings in the portal</Anchor>.
    </Text>
  );
}
