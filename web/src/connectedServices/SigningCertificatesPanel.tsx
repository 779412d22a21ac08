import type { SamlSigningKey } from '@contract/admin-api';
import { Anchor, Text } from '@mantine/core';
import { samlSigningKeys } from '../api/signingKeys';
import { useSession } from '../session/Session';
import { SigningKeyRotationPanel } from './SigningKeyRotationPanel';

const day = (iso: string) => iso.slice(0, 10);

/**
 * The tenant's SAML signing certificates and their rotation with overlap (docs/saml-signing-keys.md): prepare a new
 * certificate (published in the metadata beside the active one), activate it once the services have refreshed their
 * metadata, then retire the previous one.
 */
export function SigningCertificatesPanel() {
  const { domain } = useSession();
  return (
    <SigningKeyRotationPanel<SamlSigningKey>
      title="Signing certificates"
      help={
        'A prepared certificate is published in the IdP metadata beside the active one. Activate it once your ' +
        'services have refreshed the metadata; the previous one stays published until you retire it.'
      }
      prepareLabel="Prepare new certificate"
      keys={samlSigningKeys}
      columns={[
        {
          header: 'SHA-256 fingerprint',
          cell: (key) => (
            // 95 characters without a space: let them wrap rather than push the buttons out of the panel.
            <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {key.fingerprintSha256}
            </Text>
          ),
        },
        { header: 'Valid until', cell: (key) => day(key.notAfter) },
      ]}
      links={(key) => (
        <Anchor
          size="sm"
          href={`/api/admin/${encodeURIComponent(domain)}/v1/saml-signing-keys/${key.id}/certificate`}
          download
        >
          Download
        </Anchor>
      )}
    />
  );
}
