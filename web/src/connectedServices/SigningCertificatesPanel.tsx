import type { SamlSigningKey } from '@contract/admin-api';
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import {
  activateSamlSigningKey,
  listSamlSigningKeys,
  prepareSamlSigningKey,
  retireSamlSigningKey,
} from '../api/samlSigningKeys';
import { useApiCall } from '../api/useApiCall';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';

const stateLabels: Record<SamlSigningKey['state'], string> = {
  next: 'Prepared',
  active: 'Active',
  previous: 'Previous',
  retired: 'Retired',
};

const stateColors: Record<SamlSigningKey['state'], string> = {
  next: 'blue',
  active: 'green',
  previous: 'orange',
  retired: 'gray',
};

const day = (iso: string) => iso.slice(0, 10);

/**
 * The tenant's SAML signing certificates and their rotation with overlap (docs/saml-signing-keys.md): prepare a new
 * certificate (published in the metadata beside the active one), activate it once the services have refreshed their
 * metadata, then retire the previous one.
 */
export function SigningCertificatesPanel() {
  const { api, domain, me } = useSession();
  const keys = useApiData(() => listSamlSigningKeys(api), `saml-signing-keys ${domain}`);
  const { busy, error, run } = useApiCall();
  const canChange = me.permissions.manageSystem;
  const act = (call: () => Promise<unknown>) =>
    run(async () => {
      await call();
      keys.reload();
    });
  const shown = (keys.data?.items ?? []).filter((key) => key.state !== 'retired');
  const hasPrepared = shown.some((key) => key.state === 'next');
  return (
    <Paper withBorder p="md" component="section" aria-label="Signing certificates">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3}>Signing certificates</Title>
          <Button
            variant="default"
            disabled={!canChange || hasPrepared}
            loading={busy}
            onClick={() => act(() => prepareSamlSigningKey(api))}
          >
            Prepare new certificate
          </Button>
        </Group>
        <Text c="dimmed" size="sm">
          A prepared certificate is published in the IdP metadata beside the active one. Activate it once your services
          have refreshed the metadata; the previous one stays published until you retire it.
        </Text>
        <ErrorAlert error={keys.error ?? error} />
        {shown.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>State</Table.Th>
                <Table.Th>SHA-256 fingerprint</Table.Th>
                <Table.Th>Valid until</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>
                    <Badge color={stateColors[key.state]} variant="light" tt="none">
                      {stateLabels[key.state]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {key.fingerprintSha256}
                    </Text>
                  </Table.Td>
                  <Table.Td>{day(key.notAfter)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor
                        size="sm"
                        href={`/api/admin/${encodeURIComponent(domain)}/v1/saml-signing-keys/${key.id}/certificate`}
                        download
                      >
                        Download
                      </Anchor>
                      {key.state === 'next' && (
                        <Button
                          size="xs"
                          disabled={!canChange}
                          loading={busy}
                          onClick={() => act(() => activateSamlSigningKey(api, key.id))}
                        >
                          Activate
                        </Button>
                      )}
                      {(key.state === 'previous' || key.state === 'next') && (
                        <Button
                          size="xs"
                          variant="default"
                          disabled={!canChange}
                          loading={busy}
                          onClick={() => act(() => retireSamlSigningKey(api, key.id))}
                        >
                          Retire
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
