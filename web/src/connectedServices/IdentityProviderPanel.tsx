import { Anchor, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { getIdentityProvider } from '../api/connectedServices';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';

/**
 * Gatehouse as identity provider: what the service provider must be told. The metadata holds all of it and the
 * signing certificates; the preset help names these rows by their labels.
 */
export function IdentityProviderPanel() {
  const { api, domain } = useSession();
  const idp = useApiData(() => getIdentityProvider(api), domain);
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={3}>Gatehouse as identity provider</Title>
        <Text c="dimmed" size="sm">
          Give these to the service provider, or give it the IdP metadata, which holds them all. An OpenID Connect
          application needs only the discovery URL.
        </Text>
        <ErrorAlert error={idp.error} />
        {idp.data && (
          <Table withRowBorders={false} verticalSpacing={4}>
            <Table.Tbody>
              {(
                [
                  ['Entity ID', idp.data.entityId],
                  ['Single sign-on URL', idp.data.ssoUrl],
                  ['Single logout URL', idp.data.sloUrl],
                  ['OpenID Connect issuer', idp.data.oidcIssuer],
                  ['Discovery URL', idp.data.oidcDiscoveryUrl],
                ] as const
              ).map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th w={170}>{label}</Table.Th>
                  <Table.Td>
                    <Code>{value}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group>
          <Anchor href={`/saml/${encodeURIComponent(domain)}/metadata`} download>
            Download IdP metadata
          </Anchor>
          <Anchor href={`/saml/${encodeURIComponent(domain)}/certificate`} download>
            Download certificate
          </Anchor>
        </Group>
      </Stack>
    </Paper>
  );
}
