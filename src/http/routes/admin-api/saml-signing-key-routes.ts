import {
  DomainParams,
  ErrorBody,
  IdParams,
  SamlSigningKey,
  SamlSigningKeyList,
} from '../../../contract/admin-api/index.js';
import type { Services } from '../../../services/services.js';
import { adminOf, type AdminApi } from '../../plugins/admin-api-scope.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['SAML Signing Certificates'];

/** The tenant's SAML signing certificates and their rotation (docs/saml-signing-keys.md). */
export function registerSamlSigningKeyRoutes(api: AdminApi, services: Services): void {
  const keys = services.samlSigningKeys;
  api.get(
    '/saml-signing-keys',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: 'List the signing certificates, newest first (the first is made if there is none)',
        params: DomainParams,
        response: { 200: SamlSigningKeyList, ...errors },
      },
    },
    async (request) => ({ items: await keys.list(adminOf(request).tenant) }),
  );
  api.post(
    '/saml-signing-keys',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags,
        summary: 'Prepare a new certificate: published in the metadata beside the active one, not signing yet',
        params: DomainParams,
        response: { 201: SamlSigningKey, ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      return reply.code(201).send(await keys.prepareNext(tenant, actor));
    },
  );
  api.get(
    '/saml-signing-keys/:id',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: 'One signing certificate',
        params: IdParams,
        response: { 200: SamlSigningKey, ...errors },
      },
    },
    async (request) => keys.get(adminOf(request).tenant, request.params.id),
  );
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
  api.post(
    '/saml-signing-keys/:id/activate',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags,
        summary: 'Sign with the prepared certificate from now on; the active one stays published as previous',
        params: IdParams,
        response: { 200: SamlSigningKey, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor } = adminOf(request);
      return keys.activate(tenant, actor, request.params.id);
    },
  );
  api.post(
    '/saml-signing-keys/:id/retire',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags,
        summary: 'Take a prepared or previous certificate out of the metadata for good (never the active one)',
        params: IdParams,
        response: { 200: SamlSigningKey, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor } = adminOf(request);
      return keys.retire(tenant, actor, request.params.id);
    },
  );
}
