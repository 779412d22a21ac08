import { createHmac } from 'node:crypto';
import type { Adapter, AdapterPayload, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import Provider, { interactionPolicy } from 'oidc-provider';
import { ACR_VALUES } from '../../../core/sso/oidc-authentication.js';
import { TOKEN_LIFETIMES } from '../../../core/sso/oidc-client-settings.js';
import { pairwisePersistentId } from '../../../core/sso/pairwise-id.js';
import { SCOPE_CLAIMS } from '../../../services/oidc/oidc-account-claims.js';
import { GATEHOUSE_CLIENT_METADATA, gatehouseMetadataOf } from '../../../services/oidc/oidc-client-metadata.js';
import type { OidcDirectory, OidcVocabulary } from '../../../services/oidc/oidc-directory.js';
import type { TenantRow } from '../../../store/schema.js';
import type { OidcPages } from '../../pages/oidc-pages.js';

/** How long the pieces of a sign-in live, in seconds. */
const AUTHORIZATION_CODE_TTL = 60;
/** As long as a SAML request waits for its user to sign in (saml-sso-service.ts). */
const INTERACTION_TTL = 30 * 60;
/** The engine's own browser session: only a record for logout, since Gatehouse's session decides every request. */
const SESSION_TTL = 24 * 60 * 60;

export interface OidcEngineDependencies {
  directory: OidcDirectory;
  pages: OidcPages;
  /** The master key, and those it replaced: the engine's cookies are signed with keys derived from them. */
  secretKeys: Buffer[];
  /** Whether cookies must be Secure (GATEHOUSE_PUBLIC_URL is https). */
  secureCookies: boolean;
  /** Whether X-Forwarded-* are believed (TRUST_PROXY is set). */
  behindProxy: boolean;
}

export interface OidcEngineSpec {
  tenant: TenantRow;
  issuer: string;
  /** Private JWKs, the active ones first: the engine signs with the first key of an algorithm. */
  keys: JsonWebKey[];
  vocabulary: OidcVocabulary;
}

/** Where the engine sends the browser for Gatehouse to decide (oidc-routes.ts), under the issuer's path. */
const interactionUrlOf = (issuer: string, uid: string) => `${new URL(issuer).pathname}/interaction/${uid}`;

/**
 * One tenant's OpenID Provider: panva's oidc-provider (OpenID Certified), configured so that Gatehouse decides who
 * signs in. Every authorization request goes through an interaction, where the one sign-in flow, the user's group
 * and the client's own conditions decide (oidc-sso-service.ts); the engine keeps codes, tokens and grants in
 * Gatehouse's database and never sees a client secret.
 */
export function createOidcEngine(deps: OidcEngineDependencies, spec: OidcEngineSpec): Provider {
  const { tenant, vocabulary } = spec;
  const { directory, pages } = deps;
  const StoreAdapter = directory.adapter(tenant);

  /** Clients are Connected Services: read, never written, by the engine. */
  class ClientAdapter implements Adapter {
    async find(id: string): Promise<AdapterPayload | undefined> {
      return (await directory.client(tenant, id)) as AdapterPayload | undefined;
    }
    async upsert(): Promise<void> {
      throw new Error('OpenID Connect clients are registered in Connected Services');
    }
    async findByUid(): Promise<undefined> {
      return undefined;
    }
    async findByUserCode(): Promise<undefined> {
      return undefined;
    }
    async consume(): Promise<void> {}
    async destroy(): Promise<void> {}
    async revokeByGrantId(): Promise<void> {}
  }

  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error("oidc-provider's base interaction policy has no login prompt");
  // Gatehouse's session, the user's group and the client's conditions decide at every authorization request, so the
  // engine always asks: a session of the engine's own never signs anybody in by itself.
  login.checks.add(
    new interactionPolicy.Check(
      'gatehouse_decides',
      'Gatehouse decides every authorization request',
      (ctx: KoaContextWithOIDC) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
    0,
  );

  const lifetimeOf =
    (field: 'gatehouse_access_token_ttl' | 'gatehouse_id_token_ttl' | 'gatehouse_refresh_token_ttl') =>
    (_ctx: KoaContextWithOIDC, _token: unknown, client: Parameters<typeof gatehouseMetadataOf>[0]) =>
      gatehouseMetadataOf(client)[field];

  const claims: Record<string, string[] | null> = {
    ...Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([scope, names]) => [scope, [...names]])),
    // A client's mapped custom attributes come with the profile scope.
    profile: [...SCOPE_CLAIMS.profile, ...vocabulary.claims],
    // How and when the user signed in (oidc-authentication.ts) come with every ID token.
    openid: [...SCOPE_CLAIMS.openid, 'acr', 'amr', 'auth_time'],
  };

  const configuration: Configuration = {
    adapter: (name: string) => (name === 'Client' ? new ClientAdapter() : new StoreAdapter(name)),
    jwks: { keys: spec.keys as Configuration['jwks'] extends { keys: infer K } | undefined ? K : never },
    cookies: {
      keys: deps.secretKeys.map((key) => createHmac('sha256', key).update(`oidc-cookies:${tenant.id}`).digest()),
      long: { signed: true, httpOnly: true, sameSite: 'lax', secure: deps.secureCookies },
      short: { signed: true, httpOnly: true, sameSite: 'lax', secure: deps.secureCookies },
      names: {
        session: 'gatehouse_oidc_session',
        interaction: 'gatehouse_oidc_interaction',
        resume: 'gatehouse_oidc_resume',
      },
    },
    claims,
    scopes: [
      'openid',
      'offline_access',
      ...Object.keys(SCOPE_CLAIMS).filter((s) => s !== 'openid'),
      ...vocabulary.scopes,
    ],
    acrValues: [...ACR_VALUES],
    subjectTypes: ['public', 'pairwise'],
    // The profile and email claims in the ID token too: most relying parties read them there.
    conformIdTokenClaims: false,
    extraClientMetadata: { properties: [...GATEHOUSE_CLIENT_METADATA] },
    findAccount: async (ctx, sub) => {
      const client = ctx.oidc.client;
      return directory.account(tenant, sub, () => (client ? gatehouseMetadataOf(client).gatehouse_claims : []));
    },
    pairwiseIdentifier: (_ctx, accountId, client) =>
      pairwisePersistentId(gatehouseMetadataOf(client).gatehouse_subject_salt, accountId),
    interactions: {
      policy,
      url: (_ctx, interaction) => interactionUrlOf(spec.issuer, interaction.uid),
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A client may look into and revoke only its own tokens: one client never learns of another's.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = pages.logoutConfirmation(form, ctx.oidc.client?.clientName);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = pages.signedOut();
        },
      },
    },
    pkce: {
      // Public clients must prove the code is theirs (S256, the only method offered); confidential ones may too.
      required: (_ctx, client) => client.tokenEndpointAuthMethod === 'none',
    },
    // Every refresh gives a new refresh token; a used one presented again revokes the whole grant.
    rotateRefreshToken: true,
    ttl: {
      AccessToken: lifetimeOf('gatehouse_access_token_ttl'),
      ClientCredentials: lifetimeOf('gatehouse_access_token_ttl'),
      IdToken: lifetimeOf('gatehouse_id_token_ttl'),
      RefreshToken: lifetimeOf('gatehouse_refresh_token_ttl'),
      AuthorizationCode: AUTHORIZATION_CODE_TTL,
      Interaction: INTERACTION_TTL,
      Session: SESSION_TTL,
      // A refresh token's own lifetime ends an unused grant; this is the most any grant lasts, however it is used.
      Grant: TOKEN_LIFETIMES.refreshTokenLifetime[1],
    },
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = pages.error(ctx.status, out.error, out.error_description);
    },
  };

  const provider = new Provider(spec.issuer, configuration);
  provider.proxy = deps.behindProxy;
  // The engine's URLs are under the issuer's path, which keeps GATEHOUSE_PUBLIC_URL's own path (for a proxy that
  // serves Gatehouse under one), whatever path the request had when it got here.
  const issuerPath = new URL(spec.issuer).pathname;
  provider.use((ctx, next) => {
    ctx.mountPath = issuerPath;
    return next();
  });
  // Client secrets are stored only as hashes (oidc-client-secret-service.ts): Gatehouse compares, not the engine.
  provider.Client.prototype.compareClientSecret = function (this: { clientId: string }, actual: string) {
    return directory.verifyClientSecret(tenant, this.clientId, actual);
  };
  return provider;
}
