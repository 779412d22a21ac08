import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PASSKEY_MESSAGES, SIGN_IN_MESSAGES } from '../../../core/messages.js';
import type { Role } from '../../../core/roles.js';
import {
  PasskeyAdded,
  PasskeyNameBody,
  RegisterPasskeyBody,
  RegistrationOptions,
} from '../../../contract/portal/passkeys.js';
import { type Actor, asSelfService } from '../../../services/actor.js';
import { passkeyView } from '../../../services/passkeys/passkey-service.js';
import { relyingPartyOf } from '../../../services/passkeys/relying-party.js';
import type { Services } from '../../../services/services.js';
import type { PendingSignIn } from '../../../services/sign-in/sign-in-attempts.js';
import { settingsOf } from '../../../services/tenant-service.js';
import { requestOrigin, tenantOf } from '../../plugins/auth.js';
import { HttpError } from '../../plugins/error-handler.js';
import { renderPasskeySetup } from '../../pages/passkey-setup-page.js';
import { htmlReply } from '../otp-setup/otp-setup-routes.js';
import { signInClientOf } from './sign-in-client.js';
import { SIGN_IN_COOKIE } from './sign-in-cookies.js';

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });

/** The admin adds their own passkey, as on the portal's Passkeys page: the audit entry names them as the actor. */
const selfActor = ({ user }: PendingSignIn, request: FastifyRequest): Actor =>
  asSelfService({ userId: user.id, loginId: user.login_id, role: user.role as Role, ip: request.ip });

/**
 * Forced passkey setup at sign-in (SPEC §3.4): an admin who must sign in with a passkey and has none gets here after
 * their usual OTP. The page and its JSON calls are the portal's Passkeys page's, bound to the sign-in attempt
 * instead of a session; once the passkey is stored the attempt goes back to the OTP step, where it must answer.
 */
export function registerLoginPasskeySetupRoutes(
  app: FastifyInstance,
  services: Services,
  publicUrl: URL | undefined,
): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();
  const flow = services.signIn;

  /** The attempt at this stage; a script's call hears 401 rather than a redirect it cannot follow. */
  async function pendingOrRefuse(request: FastifyRequest) {
    const tenant = await tenantOf(services, (request.params as { domain: string }).domain);
    const pending = await flow.passkeySetupInProgress(tenant, request.cookies[SIGN_IN_COOKIE], signInClientOf(request));
    if ('kind' in pending) throw new HttpError(401, 'unauthenticated', SIGN_IN_MESSAGES.signInExpired);
    return { tenant, pending, rp: relyingPartyOf(tenant, publicUrl, requestOrigin(request)) };
  }

  routes.get(
    '/portal/:domain/login/passkey-setup',
    { schema: { params: DomainParams, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, request.params.domain);
      const pending = await flow.passkeySetupInProgress(
        tenant,
        request.cookies[SIGN_IN_COOKIE],
        signInClientOf(request),
      );
      if ('kind' in pending) {
        const step = pending.kind === 'go-to-step' ? `/${pending.step}` : '';
        return reply.redirect(`/portal/${tenant.domain}/login${step}`, 303);
      }
      return htmlReply(reply).send(
        renderPasskeySetup({
          title: settingsOf(tenant).loginPageTitle,
          domain: tenant.domain,
          csrfToken: request.csrfToken(reply),
        }),
      );
    },
  );

  routes.post(
    '/portal/:domain/login/passkey-setup/options',
    { schema: { params: DomainParams, body: PasskeyNameBody, response: { 200: RegistrationOptions }, hide: true } },
    async (request) => {
      const { tenant, pending, rp } = await pendingOrRefuse(request);
      const optionsJSON = await services.passkeyRegistration.start(
        tenant,
        selfActor(pending, request),
        pending.user,
        rp,
        request.body.name,
      );
      return { optionsJSON: optionsJSON as unknown as Record<string, unknown> };
    },
  );

  routes.post(
    '/portal/:domain/login/passkey-setup',
    { schema: { params: DomainParams, body: RegisterPasskeyBody, response: { 201: PasskeyAdded }, hide: true } },
    async (request, reply) => {
      const { tenant, pending, rp } = await pendingOrRefuse(request);
      const row = await services.passkeyRegistration.finish(
        tenant,
        selfActor(pending, request),
        pending.user,
        rp,
        request.body,
      );
      const next = await flow.passkeyAdded(tenant, request.cookies[SIGN_IN_COOKIE], signInClientOf(request));
      if (next.kind !== 'go-to-step') throw new HttpError(401, 'unauthenticated', SIGN_IN_MESSAGES.signInExpired);
      return reply.code(201).send({ passkey: passkeyView(row), message: PASSKEY_MESSAGES.added });
    },
  );
}
