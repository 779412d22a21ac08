import { IdParams, SamlSigningKey, SamlSigningKeyList } from '../../../contract/admin-api/index.js';
import type { Services } from '../../../services/services.js';
import { adminOf, type AdminApi } from '../../plugins/admin-api-scope.js';
import { registerSigningKeyRoutes } from './signing-key-routes.js';

const tags = ['SAML Signing Certificates'];

/** The tenant's SAML signing certificates and their rotation (docs/saml-signing-keys.md). */
export function registerSamlSigningKeyRoutes(api: AdminApi, services: Services): void {
  const keys = services.samlSigningKeys;
  registerSigningKeyRoutes(api, {
    path: '/saml-signing-keys',
    tags,
    schemas: { key: SamlSigningKey, list: SamlSigningKeyList },
    words: { key: 'certificate', keys: 'certificates', publishedIn: 'the metadata' },
    keys,
  });
  api.get(
    '/saml-signing-keys/:id/certificate',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: 'Download the certificate (PEM)',
        params: IdParams,
        produces: ['application/x-pem-file'],
      },
    },
    async (request, reply) => {
      const { tenant } = adminOf(request);
      const { pem, fingerprintSha256 } = await keys.certificate(tenant, request.params.id);
      // The fingerprint's start tells two downloads of one tenant apart, as the list shows it.
      const tag = fingerprintSha256.replace(/:/g, '').slice(0, 8).toLowerCase();
      return reply
        .type('application/x-pem-file')
        .header('Content-Disposition', `attachment; filename="gatehouse-idp-${tenant.domain}-${tag}.pem"`)
        .send(pem);
    },
  );
}
