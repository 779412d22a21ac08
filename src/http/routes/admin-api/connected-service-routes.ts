import { Type } from 'typebox';
import {
  ClientSecretList,
  ClientSecretParams,
  ConnectedService,
  ConnectedServiceBody,
  CreatedConnectedService,
  ConnectedServiceList,
  DeletedService,
  DomainParams,
  ErrorBody,
  IdentityProvider,
  IdParams,
  ImportedSpMetadata,
  RotateClientSecretBody,
  RotatedClientSecret,
  SamlPresetList,
  SpMetadataBody,
} from '../../../contract/admin-api/index.js';
import { MAX_METADATA_BYTES } from '../../../core/sso/saml-metadata.js';
import { NEW_SAML_SERVICE } from '../../../core/sso/connected-service-settings.js';
import { DEFAULT_OIDC_CLIENT_SETTINGS } from '../../../core/sso/oidc-client-settings.js';
import { DEFAULT_SAML_SETTINGS } from '../../../core/sso/saml-settings.js';
import type { Services } from '../../../services/services.js';
import { adminOf, type AdminApi } from '../../plugins/admin-api-scope.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['Connected Services'];
/**
 * Pasted metadata travels as a JSON string, whose escapes can double its size: the body may be larger than the
 * metadata it carries, and the service measures the metadata itself (a precise message, not a bare 413).
 */
const METADATA_BODY_LIMIT = 3 * MAX_METADATA_BYTES;

/** System > Connected Services (SPEC §6, issue 9 items 1–3). */
export function registerConnectedServiceRoutes(api: AdminApi, services: Services): void {
  const connected = services.connectedServices;
  api.get(
    '/connected-services',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: 'List connected services with the users their groups allow',
        params: DomainParams,
        response: { 200: ConnectedServiceList, ...errors },
      },
    },
    async (request) => ({ items: await connected.list(adminOf(request).tenant) }),
  );
  api.post(
    '/connected-services',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags,
        summary: 'Add a service (type "saml" or "oidc"); a confidential client\'s secret is answered this once',
        params: DomainParams,
        body: ConnectedServiceBody,
        response: { 201: CreatedConnectedService, ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      return reply.code(201).send(await connected.create(tenant, actor, request.body));
    },
  );
  api.get(
    '/connected-services/presets',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: 'Presets of well-known SAML service providers',
        params: DomainParams,
        response: { 200: SamlPresetList, ...errors },
      },
    },
    async () => {
      const { name: _name, status: _status, preset: _preset, ...blank } = NEW_SAML_SERVICE;
      return {
        items: [...connected.presets()],
        blank: { ...blank, saml: DEFAULT_SAML_SETTINGS, oidc: DEFAULT_OIDC_CLIENT_SETTINGS },
      };
    },
  );
  api.get(
    '/connected-services/identity-provider',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: "Gatehouse's entity ID and SAML endpoints, as service providers are told them",
        params: DomainParams,
        response: { 200: IdentityProvider, ...errors },
      },
    },
    async (request) => connected.identityProvider(adminOf(request).tenant, `${request.protocol}://${request.host}`),
  );
  api.post(
    '/connected-services/import-saml-metadata',
    {
      config: { permission: 'manageSystem' },
      bodyLimit: METADATA_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Read SP metadata into SAML settings (stores nothing; fetches nothing)',
        params: DomainParams,
        body: SpMetadataBody,
        response: { 200: ImportedSpMetadata, ...errors },
      },
    },
    async (request) => connected.importMetadata(adminOf(request).actor, request.body.xml),
  );
  api.get(
    '/connected-services/:id',
    {
      config: { permission: 'viewConsole' },
      schema: { tags, summary: 'One service', params: IdParams, response: { 200: ConnectedService, ...errors } },
    },
    async (request) => connected.get(adminOf(request).tenant, request.params.id),
  );
  api.patch(
    '/connected-services/:id',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags,
        summary: 'Change a service; { status } enables or disables it',
        params: IdParams,
        body: ConnectedServiceBody,
        response: { 200: ConnectedService, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor } = adminOf(request);
      return connected.update(tenant, actor, request.params.id, request.body);
    },
  );
  api.delete(
    '/connected-services/:id',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags,
        summary: 'Delete a service; the groups that allowed it are named',
        params: IdParams,
        response: { 200: DeletedService, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor } = adminOf(request);
      return connected.remove(tenant, actor, request.params.id);
    },
  );
  const secrets = services.oidcClientSecrets;
  api.get(
    '/connected-services/:id/client-secrets',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: "A confidential OpenID Connect client's secrets (ids and dates; values are never shown again)",
        params: IdParams,
        response: { 200: ClientSecretList, ...errors },
      },
    },
    async (request) => ({ items: await secrets.list(adminOf(request).tenant, request.params.id) }),
  );
  api.post(
    '/connected-services/:id/client-secrets',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags,
        summary: 'Rotate: a new secret, shown this once; those in use keep working for overlapSeconds',
        params: IdParams,
        body: RotateClientSecretBody,
        response: { 201: RotatedClientSecret, ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      return reply.code(201).send(await secrets.rotate(tenant, actor, request.params.id, request.body.overlapSeconds));
    },
  );
  api.delete(
    '/connected-services/:id/client-secrets/:secretId',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags,
        summary: 'Delete a client secret at once (not the only one that works)',
        params: ClientSecretParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      await secrets.remove(tenant, actor, request.params.id, request.params.secretId);
      return reply.code(204).send(null);
    },
  );
}
