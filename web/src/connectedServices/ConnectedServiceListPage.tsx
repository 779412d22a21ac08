import { Button, Group, Loader, Menu, Stack, Text, Title } from '@mantine/core';
import { listConnectedServices } from '../api/connectedServices';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { ConnectedServiceTable } from './ConnectedServiceTable';
import { IdentityProviderPanel } from './IdentityProviderPanel';
import { OidcSigningKeysPanel } from './OidcSigningKeysPanel';
import { SigningCertificatesPanel } from './SigningCertificatesPanel';

/** System > Connected Services (SPEC §6): the services users sign in to through Gatehouse. */
export function ConnectedServiceListPage() {
  const { api, me } = useSession();
  const router = useRouter();
  const services = useApiData(() => listConnectedServices(api), 'connected-services');
  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={2}>Connected Services</Title>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button disabled={!me.permissions.manageSystem}>+ Add Service</Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => router.navigate(routePaths.addSamlService)}>SAML 2.0</Menu.Item>
            <Menu.Item onClick={() => router.navigate(routePaths.addOidcClient)}>OpenID Connect</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      <Text c="dimmed" size="sm">
        Cloud services whose users sign in through Gatehouse. An Access Policy Group's Allowed services decide who may
        use each.
      </Text>
      <ErrorAlert error={services.error} />
      {services.loading && !services.data && <Loader aria-label="Loading" />}
      {services.data && <ConnectedServiceTable services={services.data.items} />}
      <IdentityProviderPanel />
      <SigningCertificatesPanel />
      <OidcSigningKeysPanel />
    </Stack>
  );
}
