import type { TSchema } from 'typebox';
import { DomainParams, ErrorBody, IdParams } from '../../../contract/admin-api/index.js';
import type { Actor } from '../../../services/actor.js';
import type { TenantRow } from '../../../store/schema.js';
import { adminOf, type AdminApi } from '../../plugins/admin-api-scope.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** A protocol's signing keys as its service offers them to the admin API (SamlSigningKeys, OidcSigningKeys). */
export interface RotatedKeys<View> {
  list(tenant: TenantRow): Promise<View[]>;
  get(tenant: TenantRow, id: string): Promise<View>;
  prepareNext(tenant: TenantRow, actor: Actor): Promise<View>;
  activate(tenant: TenantRow, actor: Actor, id: string): Promise<View>;
  retire(tenant: TenantRow, actor: Actor, id: string): Promise<View>;
}

export interface SigningKeyRoutes<View> {
  path: '/saml-signing-keys' | '/oidc-signing-keys';
  tags: string[];
  schemas: { key: TSchema; list: TSchema };
  /** How the summaries name a key and the place it is published. */
  words: { key: string; keys: string; publishedIn: string };
  keys: RotatedKeys<View>;
}

/**
 * The routes of a signing-key rotation, alike for every protocol (core/signing-key-states.ts): list, prepare, one
 * key, activate, retire. Reading needs viewConsole, any change manageSystem.
 */
export function registerSigningKeyRoutes<View>(api: AdminApi, routes: SigningKeyRoutes<View>): void {
  const { path, tags, schemas, words, keys } = routes;
  api.get(
    path,
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: `List the signing ${words.keys}, newest first (the first is made if there is none)`,
        params: DomainParams,
        response: { 200: schemas.list, ...errors },
      },
    },
    async (request) => ({ items: await keys.list(adminOf(request).tenant) }),
  );
  api.post(
    path,
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags,
        summary: `Prepare a new ${words.key}: published in ${words.publishedIn} beside the active one, not signing yet`,
        params: DomainParams,
        response: { 201: schemas.key, ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      return reply.code(201).send(await keys.prepareNext(tenant, actor));
    },
  );
  api.get(
    `${path}/:id`,
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: `One signing ${words.key}`,
        params: IdParams,
        response: { 200: schemas.key, ...errors },
      },
    },
    async (request) => keys.get(adminOf(request).tenant, request.params.id),
  );
  api.post(
    `${path}/:id/activate`,
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags,
        summary: `Sign with the prepared ${words.key} from now on; the active one stays published as previous`,
        params: IdParams,
        response: { 200: schemas.key, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor } = adminOf(request);
      return keys.activate(tenant, actor, request.params.id);
    },
  );
  api.post(
    `${path}/:id/retire`,
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags,
        summary: `Take a prepared or previous ${words.key} out of ${words.publishedIn} for good (never the active one)`,
        params: IdParams,
        response: { 200: schemas.key, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor } = adminOf(request);
      return keys.retire(tenant, actor, request.params.id);
    },
  );
}
