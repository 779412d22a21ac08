import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { MAX_ENCODED_REQUEST_CHARS, MAX_RELAY_STATE_CHARS } from '../../../core/saml/authn-request.js';
import type { IncomingSamlRequest } from '../../../services/saml/saml-messages.js';
import type { SsoOutcome } from '../../../services/saml/saml-sso-service.js';
import type { Services } from '../../../services/services.js';
import type { TenantRow } from '../../../store/schema.js';
import { renderErrorPage } from '../../pages/error-page.js';
import { renderAutoPost, renderSignedOut } from '../../pages/sso-pages.js';
import { SESSION_COOKIE } from '../../plugins/cookies.js';
import { LOGOUT_MESSAGES, type LogoutOutcome } from '../../../services/saml/saml-logout-service.js';
import { requestOrigin, sessionInTenant, tenantOf } from '../../plugins/auth.js';
import type { CookiePolicy } from '../../plugins/cookies.js';
import { htmlReply } from '../otp-setup/otp-setup-routes.js';
import { ssoResumePath } from '../portal/next-path.js';
import { signInClientOf } from '../portal/sign-in-client.js';
import type { OidcResume } from '../oidc/oidc-routes.js';
import { replyWithSsoStep } from '../sso/sso-replies.js';

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });
const ResumeParams = Type.Object({
  domain: Type.String({ maxLength: 253 }),
  requestId: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }),
});
const StartParams = Type.Object({ domain: Type.String({ maxLength: 253 }), serviceId: Type.String({ maxLength: 64 }) });
const PostBinding = Type.Object({
  SAMLRequest: Type.String({ maxLength: MAX_ENCODED_REQUEST_CHARS }),
  RelayState: Type.Optional(Type.String({ maxLength: MAX_RELAY_STATE_CHARS })),
});

/** A query's parameters as they were sent: the Redirect binding's signature covers the encoded text itself. */
function rawQueryParameters(url: string): Map<string, string> {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const parameters = new Map<string, string>();
  for (const pair of query.split('&')) {
    const at = pair.indexOf('=');
    if (at > 0 && !parameters.has(pair.slice(0, at))) parameters.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return parameters;
}

const formDecode = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    return '';
  }
};

/** SAML bindings §3.4.4.1: what a Redirect-binding signature signs, in this order, as the service encoded it. */
function redirectRequestOf(url: string): IncomingSamlRequest | 'too-large' {
  const raw = rawQueryParameters(url);
  const samlRequest = formDecode(raw.get('SAMLRequest')) ?? '';
  const relayState = formDecode(raw.get('RelayState')) ?? '';
  if (samlRequest.length > MAX_ENCODED_REQUEST_CHARS || relayState.length > MAX_RELAY_STATE_CHARS) return 'too-large';
  const signed = ['SAMLRequest', 'RelayState', 'SigAlg']
    .filter((name) => raw.has(name))
    .map((name) => `${name}=${raw.get(name)}`)
    .join('&');
  return {
    binding: 'redirect',
    samlRequest,
    relayState,
    sigAlg: formDecode(raw.get('SigAlg')),
    signature: formDecode(raw.get('Signature')),
    signedQuery: signed,
  };
}

/**
 * SAML single sign-on (SPEC §6). `/saml/<domain>/sso` takes a service's AuthnRequest (HTTP-Redirect or HTTP-POST)
 * and sends the browser on to the request's page under the portal, where the session and the entrance pass are
 * seen: the browser arrives there by a plain GET, which SameSite=Lax cookies accompany even after a cross-site
 * POST. That page signs the user in if needed, steps up to OTP, refuses with a page, or posts the Response; it
 * resumes OpenID Connect requests the same way (`resumeOidc`).
 */
export function registerSamlSsoRoutes(
  app: FastifyInstance,
  services: Services,
  cookies: CookiePolicy,
  resumeOidc: OidcResume,
): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();
  const sso = services.samlSso;

  const render = async (request: FastifyRequest, reply: FastifyReply, tenant: TenantRow, outcome: SsoOutcome) => {
    if (outcome.kind !== 'post') return replyWithSsoStep(request, reply, cookies, tenant, outcome);
    request.allowFormTarget(new URL(outcome.url));
    return htmlReply(reply).send(renderAutoPost(outcome));
  };

  const received = async (
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: TenantRow,
    incoming: IncomingSamlRequest,
  ) => {
    const outcome = await sso.receive(tenant, incoming, signInClientOf(request), requestOrigin(request));
    if (outcome.kind === 'sign-in') return reply.redirect(ssoResumePath(tenant.domain, outcome.requestId), 303);
    return render(request, reply, tenant, outcome);
  };

  routes.get('/saml/:domain/sso', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const tenant = await tenantOf(services, request.params.domain);
    const incoming = redirectRequestOf(request.raw.url ?? '');
    if (incoming === 'too-large')
      return render(request, reply, tenant, await sso.refuseUnread(tenant, signInClientOf(request)));
    return received(request, reply, tenant, incoming);
  });

  routes.post(
    '/saml/:domain/sso',
    // Posted by the service's page, from its own site: no CSRF token can come with it, and none is needed, since
    // it only records a request; the user's session is first consulted on the GET that follows.
    { schema: { params: DomainParams, body: PostBinding, hide: true }, config: { skipCsrf: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, request.params.domain);
      const { SAMLRequest, RelayState } = request.body;
      return received(request, reply, tenant, {
        binding: 'post',
        samlRequest: SAMLRequest,
        relayState: RelayState ?? '',
      });
    },
  );

  const loggedOut = (request: FastifyRequest, reply: FastifyReply, outcome: LogoutOutcome) => {
    switch (outcome.kind) {
      case 'refused':
        return htmlReply(reply, outcome.status).send(renderErrorPage(outcome.status, outcome.message));
      case 'signed-out':
        return htmlReply(reply).send(renderSignedOut());
      case 'redirect':
        return reply.redirect(outcome.url, 303);
      case 'post':
        request.allowFormTarget(new URL(outcome.url));
        return htmlReply(reply).send(renderAutoPost(outcome));
    }
  };

  routes.get('/saml/:domain/slo', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const tenant = await tenantOf(services, request.params.domain);
    const incoming = redirectRequestOf(request.raw.url ?? '');
    if (incoming === 'too-large') return htmlReply(reply, 400).send(renderErrorPage(400, LOGOUT_MESSAGES.unreadable));
    const cookie = request.cookies[SESSION_COOKIE];
    return loggedOut(
      request,
      reply,
      await services.samlLogout.logout(tenant, incoming, cookie, requestOrigin(request)),
    );
  });

  routes.post(
    '/saml/:domain/slo',
    { schema: { params: DomainParams, body: PostBinding, hide: true }, config: { skipCsrf: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, request.params.domain);
      const { SAMLRequest, RelayState } = request.body;
      const incoming: IncomingSamlRequest = { binding: 'post', samlRequest: SAMLRequest, relayState: RelayState ?? '' };
      const cookie = request.cookies[SESSION_COOKIE];
      return loggedOut(
        request,
        reply,
        await services.samlLogout.logout(tenant, incoming, cookie, requestOrigin(request)),
      );
    },
  );

  routes.get(
    '/portal/:domain/sso/:requestId',
    { schema: { params: ResumeParams, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, request.params.domain);
      const waiting = await services.ssoRequests.find(tenant, request.params.requestId);
      if (waiting?.protocol === 'oidc') return resumeOidc(request, reply, tenant, waiting);
      const active = await sessionInTenant(request, tenant);
      const outcome = await sso.resume(tenant, waiting, active, signInClientOf(request), requestOrigin(request));
      return render(request, reply, tenant, outcome);
    },
  );

  routes.post(
    '/portal/:domain/sso/start/:serviceId',
    { schema: { params: StartParams, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, request.params.domain);
      const outcome = await sso.startFromPortal(tenant, request.params.serviceId, signInClientOf(request));
      if (outcome.kind === 'sign-in') return reply.redirect(ssoResumePath(tenant.domain, outcome.requestId), 303);
      return render(request, reply, tenant, outcome);
    },
  );
}
