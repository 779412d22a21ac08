import { Checkbox, Group, NativeSelect, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { AcsUrlsField } from './AcsUrlsField';
import { AttributeStatementsField } from './AttributeStatementsField';
import type { ServiceFormField, ServiceFormValues } from './serviceFormValues';
import { nameIdFormatOptions, nameIdSourceOptions, signingOptions, sloBindingOptions } from './serviceLabels';

export interface ServiceFieldsProps {
  values: ServiceFormValues;
  onChange: <F extends keyof ServiceFormValues>(field: F, value: ServiceFormValues[F]) => void;
  fieldErrors: Partial<Record<ServiceFormField, string>>;
}

const monospace = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

/** A SAML service provider's settings (issue 9 item 2), under the labels the console and its docs use. */
export function SamlSettingsFields({ values, onChange, fieldErrors }: ServiceFieldsProps) {
  return (
    <Stack>
      <Title order={3}>Service provider</Title>
      <TextInput
        label="SP Entity ID"
        description="The service's SAML entity ID (its issuer); the audience of every assertion."
        spellCheck={false}
        autoCapitalize="none"
        value={values.entityId}
        error={fieldErrors['saml.entityId']}
        onChange={(event) => onChange('entityId', event.currentTarget.value)}
      />
      <AcsUrlsField
        rows={values.acsUrls}
        error={fieldErrors['saml.acsUrls']}
        onChange={(rows) => onChange('acsUrls', rows)}
      />
      <Group grow align="flex-start">
        <NativeSelect
          label="NameID format"
          data={[...nameIdFormatOptions]}
          value={values.nameIdFormat}
          error={fieldErrors['saml.nameIdFormat']}
          onChange={(event) => onChange('nameIdFormat', event.currentTarget.value as ServiceFormValues['nameIdFormat'])}
        />
        <NativeSelect
          label="NameID value"
          data={[...nameIdSourceOptions]}
          value={values.nameIdSource}
          error={fieldErrors['saml.nameIdSource']}
          onChange={(event) => onChange('nameIdSource', event.currentTarget.value as ServiceFormValues['nameIdSource'])}
        />
      </Group>
      {values.nameIdSource === 'customAttribute' && (
        <TextInput
          label="NameID custom attribute"
          description="The name of the users' custom attribute whose value is sent as the NameID."
          spellCheck={false}
          autoCapitalize="none"
          value={values.nameIdAttribute}
          error={fieldErrors['saml.nameIdAttribute']}
          onChange={(event) => onChange('nameIdAttribute', event.currentTarget.value)}
        />
      )}
      <NativeSelect
        label="Sign"
        description="Gatehouse signs with RSA-SHA256."
        data={[...signingOptions]}
        value={values.signing}
        error={fieldErrors['saml.signing']}
        onChange={(event) => onChange('signing', event.currentTarget.value as ServiceFormValues['signing'])}
      />
      <Checkbox
        label="Encrypt assertions"
        description="With the service provider's encryption certificate."
        checked={values.encryptAssertion}
        error={fieldErrors['saml.encryptAssertion']}
        onChange={(event) => onChange('encryptAssertion', event.currentTarget.checked)}
      />
      {(values.encryptAssertion || values.encryptionCertificate !== '') && (
        <Textarea
          label="Encryption certificate"
          description="The service provider's X.509 certificate (PEM) for encryption."
          autosize
          minRows={3}
          maxRows={10}
          spellCheck={false}
          styles={monospace}
          value={values.encryptionCertificate}
          error={fieldErrors['saml.encryptionCertificate']}
          onChange={(event) => onChange('encryptionCertificate', event.currentTarget.value)}
        />
      )}
      <Checkbox
        label="Require signed AuthnRequests"
        description="Refuse sign-in requests that the service provider did not sign."
        checked={values.requireSignedRequests}
        error={fieldErrors['saml.requireSignedRequests']}
        onChange={(event) => onChange('requireSignedRequests', event.currentTarget.checked)}
      />
      {(values.requireSignedRequests || values.signingCertificate !== '') && (
        <Textarea
          label="Signing certificate"
          description="The service provider's X.509 certificate (PEM) that verifies its AuthnRequests."
          autosize
          minRows={3}
          maxRows={10}
          spellCheck={false}
          styles={monospace}
          value={values.signingCertificate}
          error={fieldErrors['saml.signingCertificate']}
          onChange={(event) => onChange('signingCertificate', event.currentTarget.value)}
        />
      )}
      <AttributeStatementsField
        rows={values.attributes}
        error={fieldErrors['saml.attributes']}
        onChange={(rows) => onChange('attributes', rows)}
      />
      <Group grow align="flex-start">
        <TextInput
          label="Single Logout URL"
          description="Optional: where the service receives logout messages."
          spellCheck={false}
          autoCapitalize="none"
          value={values.sloUrl}
          error={fieldErrors['saml.sloUrl']}
          onChange={(event) => onChange('sloUrl', event.currentTarget.value)}
        />
        <NativeSelect
          label="Single Logout binding"
          data={[...sloBindingOptions]}
          value={values.sloBinding}
          error={fieldErrors['saml.sloBinding']}
          onChange={(event) => onChange('sloBinding', event.currentTarget.value as ServiceFormValues['sloBinding'])}
        />
      </Group>
    </Stack>
  );
}
