import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PASSKEY_MESSAGES, SIGN_IN_MESSAGES } from '../../../core/messages.js';
import { ValidationError } from '../../../core/validation-error.js';
import {
  PasskeyAdded,
  PasskeyNameBody,
  RegisterPasskeyBody,
  RegistrationOptions,
} from '../../../contract/portal/passkeys.js';
import { asSelfService } from '../../../services/actor.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../services/errors.js';
import { passkeyView } from '../../../services/passkeys/passkey-service.js';
import { relyingPartyOf } from '../../../services/passkeys/relying-party.js';
import type { ActiveSession } from '../../../services/session-service.js';
import type { Services } from '../../../services/services.js';
import { actorOf, requestOrigin, sessionInTenant, tenantOf } from '../../plugins/auth.js';
import { HttpError } from '../../plugins/error-handler.js';
import { type PasskeyOffer, renderPasskeys } from '../../pages/passkey-pages.js';
import { safeNextPath } from './next-path.js';
import { frameOf, signedInOrRedirect } from './portal-session.js';

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });
const PasskeyParams = Type.Object({ domain: Type.String({ maxLength: 253 }), id: Type.String({ maxLength: 64 }) });
const PageQuery = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 16 })),
  /** Offer mode: where the sign-in was going, for **Not now** (checked by the next-path rules like the login's). */
  next: Type.Optional(Type.String({ maxLength: 2048 })),
});

const RenameForm = Type.Object({
  name: Type.String({ maxLength: 1024 }),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});
const RemoveForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

/**
 * Where an administrator lands after the forced OTP setup of a sign-in (SPEC §5.3) when their group allows passkeys:
 * the Passkeys page offering one, then on to `next` (already a safe path of the tenant).
 */
export function passkeyOfferPath(domain: string, next: string): string {
  return `/portal/${domain}/passkeys?next=${encodeURIComponent(next)}`;
}

const DONE_NOTICES: Readonly<Record<string, string>> = {
  added: PASSKEY_MESSAGES.added,
  renamed: PASSKEY_MESSAGES.renamed,
  removed: PASSKEY_MESSAGES.removed,
};

/** The JSON calls of the page's script answer 401 rather than redirect: a script cannot follow a login page. */
async function signedInOrRefuse(services: Services, request: FastifyRequest): Promise<ActiveSession> {
  const { domain } = request.params as { domain: string };
  const active = await sessionInTenant(request, await tenantOf(services, domain));
  if (!active) throw new HttpError(401, 'unauthenticated', SIGN_IN_MESSAGES.sessionExpired);
  return active;
}

/** Portal → Passkeys (SPEC §3.4, issue 12): list, Add a passkey, rename and Remove, for the signed-in user. */
export function registerPortalPasskeyRoutes(
  app: FastifyInstance,
  services: Services,
  publicUrl: URL | undefined,
): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  async function renderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    active: ActiveSession,
    messages: { notice?: string; error?: string; signInAgain?: boolean },
    status = 200,
    offer?: PasskeyOffer,
  ) {
    const [rows, rules] = await Promise.all([
      services.passkeys.list(asSelfService(actorOf(active, request)), active.user),
      services.passkeyRegistration.rulesFor(active.tenant, active.user),
    ]);
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(renderPasskeys(frameOf(request, reply, active), rows.map(passkeyView), messages, rules.allowed, offer));
  }

  api.get(
    '/portal/:domain/passkeys',
    { schema: { params: DomainParams, querystring: PageQuery, hide: true } },
    async (request, reply) => {
      const active = await signedInOrRedirect(services, request, reply);
      if (!active) return reply;
      const notice = request.query.done ? DONE_NOTICES[request.query.done] : undefined;
      const offer =
        request.query.next === undefined
          ? undefined
          : {
              continueHref: safeNextPath(active.tenant.domain, request.query.next),
              added: request.query.done === 'added',
            };
      return renderPage(request, reply, active, notice ? { notice } : {}, 200, offer);
    },
  );

  api.post(
    '/portal/:domain/passkeys/options',
    { schema: { params: DomainParams, body: PasskeyNameBody, response: { 200: RegistrationOptions }, hide: true } },
    async (request) => {
      const active = await signedInOrRefuse(services, request);
      const optionsJSON = await services.passkeyRegistration.start(
        active.tenant,
        asSelfService(actorOf(active, request)),
        active.user,
        relyingPartyOf(active.tenant, publicUrl, requestOrigin(request)),
        request.body.name,
      );
      return { optionsJSON: optionsJSON as unknown as Record<string, unknown> };
    },
  );

  api.post(
    '/portal/:domain/passkeys',
    { schema: { params: DomainParams, body: RegisterPasskeyBody, response: { 201: PasskeyAdded }, hide: true } },
    async (request, reply) => {
      const active = await signedInOrRefuse(services, request);
      try {
        const row = await services.passkeyRegistration.finish(
          active.tenant,
          asSelfService(actorOf(active, request)),
          active.user,
          relyingPartyOf(active.tenant, publicUrl, requestOrigin(request)),
          request.body,
        );
        return reply.code(201).send({ passkey: passkeyView(row), message: PASSKEY_MESSAGES.added });
      } catch (error) {
        // The refusal's reason is logged (the user's message is in the answer); never the response itself.
        request.log.warn(
          { err: { name: (error as Error).name, message: (error as Error).message } },
          'passkey refused',
        );
        throw error;
      }
    },
  );

  api.post(
    '/portal/:domain/passkeys/:id/rename',
    { schema: { params: PasskeyParams, body: RenameForm, hide: true } },
    async (request, reply) => {
      const active = await signedInOrRedirect(services, request, reply);
      if (!active) return reply;
      try {
        await services.passkeys.rename(
          active.tenant,
          asSelfService(actorOf(active, request)),
          active.user,
          request.params.id,
          request.body.name,
        );
      } catch (error) {
        if (error instanceof ValidationError) return renderPage(request, reply, active, { error: error.message }, 400);
        if (error instanceof ConflictError) return renderPage(request, reply, active, { error: error.message }, 409);
        if (error instanceof NotFoundError) return renderPage(request, reply, active, { error: error.message }, 404);
        throw error;
      }
      return reply.redirect(`/portal/${active.tenant.domain}/passkeys?done=renamed`, 303);
    },
  );

  api.post(
    '/portal/:domain/passkeys/:id/remove',
    { schema: { params: PasskeyParams, body: RemoveForm, hide: true } },
    async (request, reply) => {
      const active = await signedInOrRedirect(services, request, reply);
      if (!active) return reply;
      try {
        await services.passkeys.remove(
          active.tenant,
          asSelfService(actorOf(active, request)),
          active.user,
          request.params.id,
          active.session.created_at,
        );
      } catch (error) {
        if (error instanceof ForbiddenError)
          return renderPage(request, reply, active, { error: error.message, signInAgain: true }, 403);
        if (error instanceof NotFoundError) return renderPage(request, reply, active, { error: error.message }, 404);
        // The last passkey of an admin who must sign in with one, or of the last Global Admin who could (SPEC §3.4).
        if (error instanceof ConflictError) return renderPage(request, reply, active, { error: error.message }, 409);
        throw error;
      }
      return reply.redirect(`/portal/${active.tenant.domain}/passkeys?done=removed`, 303);
    },
  );
}
