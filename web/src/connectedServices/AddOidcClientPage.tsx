import type { CreatedConnectedService } from '@contract/admin-api';
import { Button, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { createConnectedService, listSamlPresets } from '../api/connectedServices';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { ConsoleLink } from '../routing/ConsoleLink';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { ClientSecretOnce, CopyableValue } from './ClientSecretOnce';
import { OidcClientForm } from './OidcClientForm';
import { oidcFormValuesOf } from './oidcFormValues';

/**
 * + Add Service > OpenID Connect: the client's settings; once added, its client_id and, for a confidential client,
 * its secret, which this page shows once and nothing shows again.
 */
export function AddOidcClientPage() {
  const { api } = useSession();
  const router = useRouter();
  const defaults = useApiData(() => listSamlPresets(api), 'saml-presets');
  const [created, setCreated] = useState<CreatedConnectedService | null>(null);
  const blank = defaults.data?.blank;

  return (
    <Stack maw={960}>
      <ConsoleLink to={routePaths.serviceList} size="sm">
        ← Connected Services
      </ConsoleLink>
      <Title order={2}>Add OpenID Connect Client</Title>
      <ErrorAlert error={defaults.error} />
      {defaults.loading && !defaults.data && <Loader aria-label="Loading" />}
      {created ? (
        <Stack>
          <Text>
            The client <b>{created.name}</b> is added.
          </Text>
          <Text fw={500} size="sm">
            Client ID
          </Text>
          <CopyableValue label="client ID" value={created.clientId ?? ''} />
          {created.clientSecret ? (
            <ClientSecretOnce secret={created.clientSecret} />
          ) : (
            <Text size="sm" c="dimmed">
              A public client has no secret: it proves each sign-in with PKCE.
            </Text>
          )}
          <Button w="fit-content" onClick={() => router.navigate(routePaths.editService(created.id))}>
            {created.clientSecret ? 'I have copied the secret: go to the client' : 'Go to the client'}
          </Button>
        </Stack>
      ) : (
        blank && (
          <OidcClientForm
            initialValues={oidcFormValuesOf({ ...blank, name: '' })}
            isNew
            submitLabel="Add"
            onSave={async (changes) => setCreated(await createConnectedService(api, { type: 'oidc', ...changes }))}
          />
        )
      )}
    </Stack>
  );
}
