import type { OidcSigningKey } from '@contract/admin-api';
import { Table, Text } from '@mantine/core';
import { oidcSigningKeys } from '../api/signingKeys';
import { SigningKeyRotationPanel } from './SigningKeyRotationPanel';

/** Each algorithm's key ID (its RFC 7638 thumbprint), as the JWKS and the tokens' headers name the key. */
function KeyIds({ kids }: { kids: OidcSigningKey['kids'] }) {
  return (
    <Table withRowBorders={false} verticalSpacing={0} horizontalSpacing={0}>
      <Table.Tbody>
        {(['ES256', 'RS256'] as const).map((alg) => (
          <Table.Tr key={alg}>
            <Table.Td pr="sm">
              <Text size="xs">{alg}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs" ff="monospace">
                {kids[alg]}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * The tenant's OpenID Provider signing keys (an ES256 and an RS256 key per generation) and their rotation with overlap
 * (docs/oidc-signing-keys.md): a prepared generation is in the JWKS before it signs, the previous one after.
 */
export function OidcSigningKeysPanel() {
  return (
    <SigningKeyRotationPanel<OidcSigningKey>
      title="OpenID Connect signing keys"
      help={
        'A prepared key is published in the JWKS beside the active one. Activate it once your relying parties have ' +
        'refreshed the JWKS (wait at least as long as they cache it); the previous one stays published until you ' +
        'retire it.'
      }
      prepareLabel="Prepare new key"
      keys={oidcSigningKeys}
      columns={[{ header: 'Key IDs', cell: (key) => <KeyIds kids={key.kids} /> }]}
    />
  );
}
