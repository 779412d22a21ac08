import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { Type } from 'typebox';
import { OIDC_MESSAGES, SSO_MESSAGES } from '../../../core/messages.js';
import type { OidcSsoOutcome } from '../../../services/oidc/oidc-sso-service.js';
import type { Services } from '../../../services/services.js';
import type { SsoRequestRow, TenantRow } from '../../../store/schema.js';
import { renderErrorPage } from '../../pages/error-page.js';
import { renderConsent, renderContinueToService } from '../../pages/oidc-pages.js';
import { requestOrigin, sessionInTenant, tenantOf } from '../../plugins/auth.js';
import type { CookiePolicy } from '../../plugins/cookies.js';
import { SECURITY_HEADERS } from '../../plugins/security-headers.js';
import { htmlReply } from '../otp-setup/otp-setup-routes.js';
import { ssoResumePath } from '../portal/next-path.js';
import { signInClientOf } from '../portal/sign-in-client.js';
import { replyWithSsoStep } from '../sso/sso-replies.js';
import { rememberClient } from './oidc-engine-errors.js';
import type { OidcEngines } from './oidc-engines.js';

/** Resumes a waiting OpenID Connect request at the portal's SSO page (saml-sso-routes.ts owns that route). */
export type OidcResume = (
  request: FastifyRequest,
  reply: FastifyReply,
  tenant: TenantRow,
  waiting: SsoRequestRow,
) => Promise<unknown>;

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });
const InteractionParams = Type.Object({
  domain: Type.String({ maxLength: 253 }),
  uid: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
});
const ConsentParams = Type.Object({
  domain: Type.String({ maxLength: 253 }),
  requestId: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }),
});
const ConsentBody = Type.Object({ decision: Type.Union([Type.Literal('allow'), Type.Literal('deny')]) });

/** The endpoints that take a credential (client secret, code, token): their failures count per address. */
const CREDENTIAL_ENDPOINTS = new Set(['/token', '/token/introspection', '/token/revocation', '/me']);

/** The engine's own handler, made once per engine. */
const handlers = new WeakMap<Provider, (req: IncomingMessage, res: ServerResponse) => Promise<void>>();
function handlerOf(engine: Provider) {
  let handler = handlers.get(engine);
  if (!handler) {
    handler = engine.callback() as (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    handlers.set(engine, handler);
  }
  return handler;
}

/**
 * OpenID Connect (SPEC §6): everything under `/oidc/<domain>` is the tenant's OpenID Provider engine (discovery,
 * JWKS, authorization, token, userinfo, introspection, revocation, logout), but for the interaction page, where
 * Gatehouse takes the browser into its sign-in and policy; the request then waits at the portal's SSO page like a
 * SAML request, and a third-party client's consent is asked there.
 */
export function registerOidcRoutes(
  app: FastifyInstance,
  services: Services,
  engines: OidcEngines,
  cookies: CookiePolicy,
  publicUrl: URL | undefined,
): OidcResume {
  const engineOf = (request: FastifyRequest, tenant: TenantRow) =>
    engines.engineFor(tenant, publicUrl?.href ?? requestOrigin(request));

  const render = (request: FastifyRequest, reply: FastifyReply, tenant: TenantRow, outcome: OidcSsoOutcome) => {
    switch (outcome.kind) {
      case 'redirect':
        return htmlReply(reply).send(renderContinueToService(outcome.url, outcome.serviceName));
      case 'consent':
        return htmlReply(reply).send(
          renderConsent({
            serviceName: outcome.serviceName,
            asks: outcome.scopes.map((scope) => OIDC_MESSAGES.scopes[scope] ?? OIDC_MESSAGES.customScope(scope)),
            action: `${ssoResumePath(tenant.domain, outcome.requestId)}/consent`,
            csrfToken: request.csrfToken(reply),
          }),
        );
      default:
        return replyWithSsoStep(request, reply, cookies, tenant, outcome);
    }
  };

  app.register(async (scope) => {
    // The engine reads request bodies itself (and refuses oversized ones): Fastify must leave them unread.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const routes = scope.withTypeProvider<TypeBoxTypeProvider>();

    const toEngine = async (request: FastifyRequest<{ Params: { domain: string } }>, reply: FastifyReply) => {
      const tenant = await tenantOf(services, request.params.domain);
      const raw = request.raw;
      const url = raw.url ?? '/';
      // The engine sees its own paths (/auth, /token, …); it makes its URLs under the issuer's (oidc-engine.ts).
      const enginePath = url.slice(/^\/oidc\/[^/?]+/.exec(url)?.[0].length ?? 0) || '/';
      const endpoint = enginePath.split('?')[0]!;
      const client = signInClientOf(request);
      const guard = services.oidcRequestGuard;
      if (endpoint === '/auth' && !(await guard.admitAuthorization(tenant, client)))
        return htmlReply(reply, 429).header('Retry-After', '60').send(renderErrorPage(429, SSO_MESSAGES.throttled));
      const reservation = CREDENTIAL_ENDPOINTS.has(endpoint) ? await guard.reserveFailure(tenant, client) : undefined;
      if (reservation === null)
        return reply
          .code(429)
          .header('Retry-After', '60')
          .send({ error: 'invalid_request', error_description: OIDC_MESSAGES.tooManyFailures });
      const engine = await engineOf(request, tenant);
      raw.url = enginePath;
      rememberClient(raw, client);
      reply.hijack();
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.raw.setHeader(name, value);
      await handlerOf(engine)(raw, reply.raw);
      if (reservation && reply.raw.statusCode < 400) await guard.release(reservation);
    };

    // Token, introspection, revocation and the logout confirmation are posted by clients, or carry the engine's own
    // anti-forgery field: Gatehouse's CSRF token has no place in them.
    routes.all('/oidc/:domain', { schema: { params: DomainParams, hide: true }, config: { skipCsrf: true } }, toEngine);
    routes.all(
      '/oidc/:domain/*',
      { schema: { params: DomainParams, hide: true }, config: { skipCsrf: true } },
      toEngine,
    );

    routes.get(
      '/oidc/:domain/interaction/:uid',
      { schema: { params: InteractionParams, hide: true } },
      async (request, reply) => {
        const tenant = await tenantOf(services, request.params.domain);
        const engine = await engineOf(request, tenant);
        try {
          // Reads the interaction cookie: the interaction is continued only in the browser that began it.
          const details = await engine.interactionDetails(request.raw, reply.raw);
          if (details.uid !== request.params.uid) throw new Error('interaction of another browser');
        } catch {
          return htmlReply(reply, 400).send(renderErrorPage(400, SSO_MESSAGES.expired));
        }
        const outcome = await services.oidcSso.begin(tenant, engine, request.params.uid, signInClientOf(request));
        if (outcome.kind === 'sign-in') return reply.redirect(ssoResumePath(tenant.domain, outcome.requestId), 303);
        return render(request, reply, tenant, outcome);
      },
    );
  });

  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post(
      '/portal/:domain/sso/:requestId/consent',
      { schema: { params: ConsentParams, body: ConsentBody, hide: true } },
      async (request, reply) => {
        const tenant = await tenantOf(services, request.params.domain);
        const waiting = await services.ssoRequests.find(tenant, request.params.requestId);
        if (waiting?.protocol !== 'oidc') return htmlReply(reply, 400).send(renderErrorPage(400, SSO_MESSAGES.expired));
        const engine = await engineOf(request, tenant);
        const active = await sessionInTenant(request, tenant);
        const allow = request.body.decision === 'allow';
        const outcome = await services.oidcSso.consent(tenant, engine, waiting, active, signInClientOf(request), allow);
        return render(request, reply, tenant, outcome);
      },
    );

  return async (request, reply, tenant, waiting) => {
    const engine = await engineOf(request, tenant);
    const active = await sessionInTenant(request, tenant);
    const outcome = await services.oidcSso.resume(tenant, engine, waiting, active, signInClientOf(request));
    return render(request, reply, tenant, outcome);
  };
}
