import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { OtpType } from '../../../core/otp/otp-types.js';
import { ValidationError } from '../../../core/validation-error.js';
import { ConflictError, GoneError, NotFoundError, TooSoonError } from '../../../services/errors.js';
import { MailNotSentError } from '../../../services/mail-service.js';
import { qrPng, qrSvg } from '../../../services/otp/qr-code.js';
import type { ActiveSession } from '../../../services/session-service.js';
import type { Services } from '../../../services/services.js';
import { actorOf } from '../../plugins/auth.js';
import {
  renderEmailAddressForm,
  renderEmailCodeForm,
  renderOtpChoice,
  renderOtpEnabled,
  renderOtpSettings,
  renderQrSetup,
} from '../../pages/portal-otp-pages.js';
import { frameOf, signedInOrRedirect } from './portal-session.js';

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });
const SetupParams = Type.Object({ domain: Type.String({ maxLength: 253 }), setupId: Type.String({ maxLength: 64 }) });
const Csrf = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
const EmailForm = Type.Object({ email: Type.String({ maxLength: 1024 }), ...Csrf });
const CodeForm = Type.Object({ code: Type.String({ maxLength: 64 }), ...Csrf });
const schema = (params: typeof DomainParams | typeof SetupParams, body?: typeof EmailForm | typeof CodeForm) => ({ schema: { params, ...(body ? { body } : {}), hide: true } });

/** Failures a person can act on are shown on the page; anything else goes to the error handler. */
function userFacing(error: unknown): string | null {
  if (error instanceof ValidationError || error instanceof GoneError || error instanceof TooSoonError || error instanceof MailNotSentError || error instanceof ConflictError || error instanceof NotFoundError)
    return error.message;
  return null;
}

const html = (reply: FastifyReply, status = 200) => reply.code(status).type('text/html; charset=utf-8');

/** OTP Settings → Configure OTP (SPEC §3.2): the same steps as the admin's, for the signed-in user. */
export function registerPortalOtpRoutes(app: FastifyInstance, services: Services): void {
  async function showSetup(request: FastifyRequest, reply: FastifyReply, active: ActiveSession, setupId: string, error?: string, notice?: string) {
    const frame = frameOf(request, reply, active);
    const setup = await services.otpSetup.pendingSetup(active.tenant, active.user, setupId).catch((e: unknown) => {
      if (userFacing(e) === null) throw e;
      return null;
    });
    if (!setup) return html(reply, 410).send(renderOtpChoice(frame, 'This setup has expired or was replaced. Please start again.'));
    if (setup.method === 'email') return html(reply, error ? 400 : 200).send(renderEmailCodeForm(frame, setup.id, setup.email, error, notice));
    const uri = await services.otpSetup.pendingOtpauthUri(active.tenant, actorOf(active, request), active.user, setup.id);
    return html(reply, error ? 400 : 200).send(renderQrSetup(frame, { setupId: setup.id, qrSvg: await qrSvg(uri), expiresAt: setup.expires_at, error }));
  }

  app.get('/portal/:domain/otp', schema(DomainParams), async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    return html(reply).send(renderOtpSettings(frameOf(request, reply, active), active.user.otp_type as OtpType, active.user.otp_email));
  });

  app.get('/portal/:domain/otp/setup', schema(DomainParams), async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    return html(reply).send(renderOtpChoice(frameOf(request, reply, active)));
  });

  app.post('/portal/:domain/otp/setup/totp', schema(DomainParams), async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    const setup = await services.otpSetup.startTotp(active.tenant, actorOf(active, request), active.user);
    return reply.redirect(`/portal/${active.tenant.domain}/otp/setup/${setup.setupId}`, 303);
  });

  app.get('/portal/:domain/otp/setup/email', schema(DomainParams), async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    return html(reply).send(renderEmailAddressForm(frameOf(request, reply, active), active.user.otp_email || active.user.email));
  });

  app.post('/portal/:domain/otp/setup/email', schema(DomainParams, EmailForm), async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    const { email } = request.body as { email: string };
    try {
      const setup = await services.otpSetup.startEmail(active.tenant, actorOf(active, request), active.user, email);
      return reply.redirect(`/portal/${active.tenant.domain}/otp/setup/${setup.setupId}`, 303);
    } catch (error) {
      const message = userFacing(error);
      if (message === null) throw error;
      return html(reply, error instanceof MailNotSentError ? 502 : 400).send(renderEmailAddressForm(frameOf(request, reply, active), email, message));
    }
  });

  app.get('/portal/:domain/otp/setup/:setupId', schema(SetupParams), async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    return showSetup(request, reply, active, (request.params as { setupId: string }).setupId);
  });

  app.get('/portal/:domain/otp/setup/:setupId/qr.png', schema(SetupParams), async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    const uri = await services.otpSetup.pendingOtpauthUri(active.tenant, actorOf(active, request), active.user, (request.params as { setupId: string }).setupId);
    return reply.type('image/png').send(await qrPng(uri));
  });

  app.post('/portal/:domain/otp/setup/:setupId/confirm', schema(SetupParams, CodeForm), async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    const { setupId } = request.params as { setupId: string };
    try {
      const result = await services.otpSetup.confirm(active.tenant, actorOf(active, request), active.user, setupId, (request.body as { code: string }).code);
      return html(reply).send(renderOtpEnabled(frameOf(request, reply, active), result.otpType));
    } catch (error) {
      const message = userFacing(error);
      if (message === null) throw error;
      return showSetup(request, reply, active, setupId, message);
    }
  });

  app.post('/portal/:domain/otp/setup/:setupId/resend', schema(SetupParams), async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    const { setupId } = request.params as { setupId: string };
    try {
      await services.otpSetup.resendEmail(active.tenant, actorOf(active, request), active.user, setupId);
      return showSetup(request, reply, active, setupId, undefined, 'A new code has been sent.');
    } catch (error) {
      const message = userFacing(error);
      if (message === null) throw error;
      return showSetup(request, reply, active, setupId, message);
    }
  });
}
