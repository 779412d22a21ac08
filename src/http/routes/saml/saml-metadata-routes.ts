import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../../services/services.js';
import { requestOrigin, tenantOf } from '../../plugins/auth.js';

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });

/**
 * The registered media type of SAML metadata (SAML 2.0 metadata, §4.1.1, registered with IANA): metadata loaders
 * accept it, and a browser offers the download instead of showing raw XML.
 */
export const SAML_METADATA_TYPE = 'application/samlmetadata+xml';

/**
 * What a service provider loads to trust a tenant's IdP (SPEC §6): the metadata, whose URL is also the entity ID, and
 * the active signing certificate alone for services that take only a certificate. Public, like any IdP's metadata:
 * certificates are not secret. An unknown tenant is a 404, as everywhere.
 */
export function registerSamlMetadataRoutes(app: FastifyInstance, services: Services): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();
  routes.get('/saml/:domain/metadata', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const tenant = await tenantOf(services, request.params.domain);
    const metadata = await services.idpMetadata.metadata(tenant, requestOrigin(request));
    return reply
      .type(SAML_METADATA_TYPE)
      .header('Content-Disposition', `attachment; filename="gatehouse-idp-${tenant.domain}-metadata.xml"`)
      .send(metadata);
  });
  routes.get('/saml/:domain/certificate', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const tenant = await tenantOf(services, request.params.domain);
    return reply
      .type('application/x-pem-file')
      .header('Content-Disposition', `attachment; filename="gatehouse-idp-${tenant.domain}.pem"`)
      .send(await services.idpMetadata.activeCertificate(tenant));
  });
}
