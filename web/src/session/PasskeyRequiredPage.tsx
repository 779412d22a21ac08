import { Alert, Button, Center, Group, Stack, Title } from '@mantine/core';
import { currentConsolePath } from './loginRedirect';
import { portalLoginUrl, portalPasskeysUrl } from './portalLinks';

/**
 * Phishing-resistant sign-in for admins applies (SPEC §3.4) and this session was opened without a passkey: the
 * console stays closed until its admin signs in again with one. Says why, and offers the login and the portal's
 * Passkeys page.
 */
export function PasskeyRequiredPage({ domain, message }: { domain: string; message: string }) {
  return (
    <Center h="100vh">
      <Stack align="center" maw={560}>
        <Title order={1}>Sign in with a passkey</Title>
        <Alert color="yellow" title="Passkey required for administrators" role="alert">
          {message}
        </Alert>
        <Group>
          <Button component="a" href={portalLoginUrl(domain, currentConsolePath())}>
            Log in again with a passkey
          </Button>
          <Button component="a" href={portalPasskeysUrl(domain)} variant="default">
            Passkeys in the portal
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}
