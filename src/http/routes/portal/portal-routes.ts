import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { PORTAL_MESSAGES } from '../../../core/messages.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ValidationError } from '../../../core/validation-error.js';
import { AttemptRefusedError } from '../../../services/errors.js';
import type { Services } from '../../../services/services.js';
import { oidcClientSettingsOf } from '../../../services/sso/connected-service-rows.js';
import { initiateLoginUrl, oidcIssuerOf } from '../../../core/sso/idp-endpoints.js';
import { requestOrigin } from '../../plugins/auth.js';
import { renderChangePassword, renderPortalHome } from '../../pages/portal-pages.js';
import { frameOf, signedInOrRedirect } from './portal-session.js';
import { shownWithStatus, signInClientOf } from './sign-in-client.js';

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });
const PasswordForm = Type.Object({
  currentPassword: Type.String({ maxLength: 1024 }),
  newPassword: Type.String({ maxLength: 1024 }),
  confirmPassword: Type.String({ maxLength: 1024 }),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});

/** `publicUrl` is GATEHOUSE_PUBLIC_URL: an OpenID Connect tile names the issuer under it. */
export function registerPortalRoutes(app: FastifyInstance, services: Services, publicUrl: URL | undefined): void {
  app.get('/portal/:domain', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const { domain } = request.params as { domain: string };
    return reply.redirect(`/portal/${encodeURIComponent(domain)}/`, 301);
  });

  app.get('/portal/:domain/', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    const { changed } = request.query as { changed?: string };
    const client = signInClientOf(request);
    const tiles = await services.serviceAccess.openable(active.tenant, active.user, {
      ip: client.ip,
      now: services.clock.now(),
      passCookie: client.passCookie,
    });
    return reply.type('text/html; charset=utf-8').send(
      renderPortalHome(
        frameOf(request, reply, active),
        tiles.map((row) => {
          const startsAt = oidcClientSettingsOf(row)?.initiateLoginUri;
          const issuer = oidcIssuerOf(publicUrl?.href ?? requestOrigin(request), active.tenant.domain);
          return { id: row.id, name: row.name, ...(startsAt ? { startsAt: initiateLoginUrl(startsAt, issuer) } : {}) };
        }),
        changed === '1' ? PORTAL_MESSAGES.passwordChanged : undefined,
      ),
    );
  });

  app.get('/portal/:domain/password', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    return reply.type('text/html; charset=utf-8').send(renderChangePassword(frameOf(request, reply, active)));
  });

  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post(
      '/portal/:domain/password',
      { schema: { params: DomainParams, body: PasswordForm, hide: true } },
      async (request, reply) => {
        const active = await signedInOrRedirect(services, request, reply);
        if (!active) return reply;
        try {
          await services.passwordChange.change(
            active.tenant,
            active.user,
            active.session.id,
            request.body,
            signInClientOf(request),
          );
        } catch (error) {
          const refused = error instanceof AttemptRefusedError;
          if (!refused && !(error instanceof ValidationError)) throw error;
          const message = refused ? shownWithStatus(error.status, error.message) : error.message;
          return reply
            .code(refused ? error.status : 400)
            .type('text/html; charset=utf-8')
            .send(renderChangePassword(frameOf(request, reply, active), message));
        }
        return reply.redirect(`/portal/${active.tenant.domain}/?changed=1`, 303);
      },
    );
}
