import { Group, Loader, Stack, Text, Title } from '@mantine/core';
import { getConnectedService, listSamlPresets, updateConnectedService } from '../api/connectedServices';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { CopyableValue } from './ClientSecretOnce';
import { ClientSecretsPanel } from './ClientSecretsPanel';
import { DeleteServiceAction } from './DeleteServiceAction';
import { IdentityProviderPanel } from './IdentityProviderPanel';
import { OidcClientForm } from './OidcClientForm';
import { oidcFormValuesOf } from './oidcFormValues';
import { PresetHelp } from './PresetHelp';
import { ServiceForm } from './ServiceForm';
import { serviceFormValuesOf } from './serviceFormValues';
import { serviceTypeLabels } from './serviceLabels';
import { ServiceStatusAction } from './ServiceStatusAction';

/** A connected service's page: status, who may use it, its settings, Gatehouse's side, and Delete. */
export function EditConnectedServicePage({ serviceId }: { serviceId: string }) {
  const { api } = useSession();
  const service = useApiData(() => getConnectedService(api, serviceId), serviceId);
  const presets = useApiData(() => listSamlPresets(api), 'saml-presets');
  const preset = presets.data?.items.find((item) => item.key === service.data?.preset);
  return (
    <Stack maw={960}>
      <ConsoleLink to={routePaths.serviceList} size="sm">
        ← Connected Services
      </ConsoleLink>
      <Title order={2}>{service.data ? service.data.name : 'Connected Service'}</Title>
      <ErrorAlert error={service.error} />
      {service.loading && !service.data && <Loader aria-label="Loading" />}
      {service.data && (
        <>
          <Group justify="space-between">
            <ServiceStatusAction service={service.data} onChanged={service.setData} />
            <Text>Type: {serviceTypeLabels[service.data.type]}</Text>
          </Group>
          <Text>
            Allowed by:{' '}
            {service.data.allowedByGroups.length === 0
              ? 'no Access Policy Group yet (add it to a group’s Allowed services).'
              : service.data.allowedByGroups.map((group, position) => (
                  <span key={group.id}>
                    {position > 0 && ', '}
                    <ConsoleLink to={routePaths.editGroup(group.id)}>{group.displayName}</ConsoleLink>
                  </span>
                ))}{' '}
            · Users allowed: {service.data.usersAllowed}
          </Text>
          {service.data.saml && (
            <>
              <IdentityProviderPanel />
              {preset && <PresetHelp preset={preset} />}
              <ServiceForm
                initialValues={serviceFormValuesOf({ ...service.data, saml: service.data.saml })}
                submitLabel="Save"
                onSave={async (changes) => service.setData(await updateConnectedService(api, serviceId, changes))}
              />
            </>
          )}
          {service.data.oidc && (
            <>
              <Group gap="xs">
                <Text fw={500}>Client ID</Text>
                <CopyableValue label="client ID" value={service.data.clientId ?? ''} />
              </Group>
              {service.data.oidc.clientType === 'confidential' && <ClientSecretsPanel serviceId={serviceId} />}
              <OidcClientForm
                initialValues={oidcFormValuesOf({ ...service.data, oidc: service.data.oidc })}
                isNew={false}
                submitLabel="Save"
                onSave={async (changes) => service.setData(await updateConnectedService(api, serviceId, changes))}
              />
            </>
          )}
          <DeleteServiceAction service={service.data} />
        </>
      )}
    </Stack>
  );
}
