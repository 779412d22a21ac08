import { Alert, Button, Center, Group, Stack, Title } from '@mantine/core';
import { currentConsolePath } from './loginRedirect';
import { portalLoginUrl, portalOtpSettingsUrl } from './portalLinks';

/**
 * Admin OTP enforcement has begun (SPEC §5.3) and this session was opened without OTP: the console stays closed
 * until its admin signs in again with OTP. Says why, and offers both ways on: the login, and OTP Settings in the
 * portal for an admin who has no OTP yet.
 */
export function OtpRequiredPage({ domain, message }: { domain: string; message: string }) {
  return (
    <Center h="100vh">
      <Stack align="center" maw={560}>
        <Title order={1}>Sign in with a one-time password</Title>
        <Alert color="yellow" title="OTP required for administrators" role="alert">
          {message}
        </Alert>
        <Group>
          <Button component="a" href={portalLoginUrl(domain, currentConsolePath())}>
            Log in again with OTP
          </Button>
          <Button component="a" href={portalOtpSettingsUrl(domain)} variant="default">
            OTP Settings in the portal
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}
