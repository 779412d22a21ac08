import type { ConnectedServiceChanges, OidcGrantType } from '@contract/admin-api';
import {
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormSaveButtons } from '../components/FormSaveButtons';
import { useSaveForm } from '../components/useSaveForm';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { oidcChangesOf, oidcFormFields, type OidcFormValues } from './oidcFormValues';
import { ServiceAccessFields } from './ServiceAccessFields';

const NAME_MAX_LENGTH = 256;
const monospace = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

interface OidcClientFormProps {
  initialValues: OidcFormValues;
  /** The client type is chosen once, when the client is added. */
  isNew: boolean;
  submitLabel: string;
  onSave: (changes: ConnectedServiceChanges) => Promise<unknown>;
}

/** An OpenID Connect client's settings (issue 10 item 5; docs/connected-services.md), the server's messages under them. */
export function OidcClientForm({ initialValues, isNew, submitLabel, onSave }: OidcClientFormProps) {
  const { me } = useSession();
  const [values, setValues] = useState(initialValues);
  const form = useSaveForm(oidcFormFields);
  const errors = form.fieldErrors;

  const change = <F extends keyof OidcFormValues>(field: F, value: OidcFormValues[F]) => {
    form.markEdited();
    setValues((current) => ({ ...current, [field]: value }));
  };

  const submit = form.submitWith(async () => {
    await onSave(oidcChangesOf(values));
  });

  return (
    <form onSubmit={submit}>
      <Stack>
        <ErrorAlert error={form.formMessage} />
        <TextInput
          label="Service name"
          description="Shown to users on their portal tile, on the consent page and in the Access Logs."
          required
          withAsterisk={false}
          maxLength={NAME_MAX_LENGTH}
          value={values.name}
          error={errors.name}
          onChange={(event) => change('name', event.currentTarget.value)}
        />
        <Stack gap={4}>
          <Text fw={500} size="sm">
            Client type
          </Text>
          <SegmentedControl
            aria-label="Client type"
            disabled={!isNew}
            value={values.clientType}
            data={[
              { value: 'confidential', label: 'Confidential (server, has a secret)' },
              { value: 'public', label: 'Public (browser or mobile app, PKCE)' },
            ]}
            onChange={(value) => {
              const clientType = value as OidcFormValues['clientType'];
              change('clientType', clientType);
              if (clientType === 'public')
                change(
                  'grantTypes',
                  values.grantTypes.filter((grant) => grant !== 'client_credentials'),
                );
            }}
          />
          {errors['oidc.clientType'] && (
            <Text c="red" size="xs">
              {errors['oidc.clientType']}
            </Text>
          )}
        </Stack>
        <Textarea
          label="Redirect URIs"
          description="One per line, compared exactly. https, or http to localhost for testing; no #fragment."
          autosize
          minRows={2}
          styles={monospace}
          spellCheck={false}
          value={values.redirectUris}
          error={errors['oidc.redirectUris']}
          onChange={(event) => change('redirectUris', event.currentTarget.value)}
        />
        <Textarea
          label="Post-logout redirect URIs"
          description="Where the application may send users after signing out; one per line; may be empty."
          autosize
          minRows={1}
          styles={monospace}
          spellCheck={false}
          value={values.postLogoutRedirectUris}
          error={errors['oidc.postLogoutRedirectUris']}
          onChange={(event) => change('postLogoutRedirectUris', event.currentTarget.value)}
        />
        <Checkbox.Group
          label="Grant types"
          value={values.grantTypes}
          error={errors['oidc.grantTypes']}
          onChange={(grants) => change('grantTypes', grants as OidcGrantType[])}
        >
          <Group mt="xs">
            <Checkbox value="authorization_code" label="Authorization code (users sign in)" />
            <Checkbox value="refresh_token" label="Refresh token" />
            <Checkbox
              value="client_credentials"
              label="Client credentials (machine)"
              disabled={values.clientType === 'public'}
            />
          </Group>
        </Checkbox.Group>
        <TextInput
          label="Scopes"
          description="Separated by spaces: openid (needed to sign users in), profile, email, groups, offline_access, and your own (orders:read)."
          styles={monospace}
          spellCheck={false}
          value={values.scopes}
          error={errors['oidc.scopes']}
          onChange={(event) => change('scopes', event.currentTarget.value)}
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Access token lifetime (seconds)"
            description="60 to 86400; 3600 is usual."
            min={60}
            max={86_400}
            value={values.accessTokenLifetime}
            error={errors['oidc.accessTokenLifetime']}
            onChange={(value) => change('accessTokenLifetime', value)}
          />
          <NumberInput
            label="ID token lifetime (seconds)"
            description="60 to 86400."
            min={60}
            max={86_400}
            value={values.idTokenLifetime}
            error={errors['oidc.idTokenLifetime']}
            onChange={(value) => change('idTokenLifetime', value)}
          />
          <NumberInput
            label="Refresh token lifetime (seconds)"
            description="3600 to 31536000 (a year); 2592000 is 30 days."
            min={3_600}
            max={31_536_000}
            value={values.refreshTokenLifetime}
            error={errors['oidc.refreshTokenLifetime']}
            onChange={(value) => change('refreshTokenLifetime', value)}
          />
        </Group>
        <Switch
          label="First-party application (no consent page)"
          description="Off: a third-party application; users see what it asks for and consent."
          checked={values.firstParty}
          error={errors['oidc.firstParty']}
          onChange={(event) => change('firstParty', event.currentTarget.checked)}
        />
        <Switch
          label="Pairwise subject identifiers"
          description="On: this application gets its own identifier (sub) for each user, unlike any other application's."
          checked={values.pairwiseSubject}
          error={errors['oidc.pairwiseSubject']}
          onChange={(event) => change('pairwiseSubject', event.currentTarget.checked)}
        />
        <Textarea
          label="Claims from custom attributes"
          description="One per line: claim = custom attribute (department = dept)."
          autosize
          minRows={1}
          styles={monospace}
          spellCheck={false}
          value={values.claims}
          error={errors['oidc.claims']}
          onChange={(event) => change('claims', event.currentTarget.value)}
        />
        <TextInput
          label="Initiate login URI"
          description="Optional: the application's address that starts a sign-in; the portal tile opens it."
          styles={monospace}
          spellCheck={false}
          value={values.initiateLoginUri}
          error={errors['oidc.initiateLoginUri']}
          onChange={(event) => change('initiateLoginUri', event.currentTarget.value)}
        />
        <ServiceAccessFields
          values={values}
          onChange={(field, value) => change(field, value as OidcFormValues[typeof field])}
          fieldErrors={errors}
        />
        <FormSaveButtons
          label={submitLabel}
          saving={form.saving}
          saved={form.saved}
          disabled={!me.permissions.manageSystem}
          cancelTo={routePaths.serviceList}
        />
      </Stack>
    </form>
  );
}
