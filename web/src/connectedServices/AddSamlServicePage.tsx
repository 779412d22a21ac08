import type { SamlPreset } from '@contract/admin-api';
import { Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { createConnectedService, listSamlPresets } from '../api/connectedServices';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { ConsoleLink } from '../routing/ConsoleLink';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { IdentityProviderPanel } from './IdentityProviderPanel';
import { PresetChooser } from './PresetChooser';
import { PresetHelp } from './PresetHelp';
import { fillSamlPreset } from '@contract/admin-api/saml-preset-fill';
import { ServiceForm } from './ServiceForm';
import { serviceFormValuesOf, type ServiceFormValues } from './serviceFormValues';

interface Start {
  preset: SamlPreset | null;
  values: ServiceFormValues;
}

/** + Add Service > SAML 2.0: choose a preset or a blank service, then fill in (or import) the settings. */
export function AddSamlServicePage() {
  const { api } = useSession();
  const router = useRouter();
  const presets = useApiData(() => listSamlPresets(api), 'saml-presets');
  const [start, setStart] = useState<Start | null>(null);

  const choose = (preset: SamlPreset | null, typed: Record<string, string>) => {
    const blank = presets.data?.blank;
    if (!blank) return;
    setStart({
      preset,
      values: serviceFormValuesOf({
        ...blank,
        name: preset?.name ?? '',
        saml: preset ? fillSamlPreset(preset, typed) : blank.saml,
      }),
    });
  };

  return (
    <Stack maw={960}>
      <ConsoleLink to={routePaths.serviceList} size="sm">
        ← Connected Services
      </ConsoleLink>
      <Title order={2}>Add SAML 2.0 Service</Title>
      <ErrorAlert error={presets.error} />
      {presets.loading && !presets.data && <Loader aria-label="Loading" />}
      {presets.data && !start && (
        <>
          <Text c="dimmed" size="sm">
            A preset fills in what a well-known service documents, so that you type only your own part.
          </Text>
          <PresetChooser presets={presets.data} onChoose={choose} />
        </>
      )}
      {start && (
        <>
          {start.preset && <PresetHelp preset={start.preset} />}
          <IdentityProviderPanel />
          <ServiceForm
            initialValues={start.values}
            submitLabel="Add"
            onSave={async (changes) => {
              await createConnectedService(api, { type: 'saml', preset: start.preset?.key ?? null, ...changes });
              router.navigate(routePaths.serviceList);
            }}
          />
        </>
      )}
    </Stack>
  );
}
