import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { OtpType } from '../../../core/otp/otp-types.js';
import { ValidationError } from '../../../core/validation-error.js';
import { type Actor, asSelfService } from '../../../services/actor.js';
import { ConflictError, GoneError, NotFoundError, TooSoonError } from '../../../services/errors.js';
import { MailNotSentError } from '../../../services/mail-service.js';
import { qrPng, qrSvg } from '../../../services/otp/qr-code.js';
import type { Services } from '../../../services/services.js';
import { requestOrigin } from '../../plugins/auth.js';
import type { TenantRow, UserRow } from '../../../store/schema.js';
import {
  type OtpSetupFrame,
  renderEmailAddressForm,
  renderEmailCodeForm,
  renderOtpChoice,
  renderOtpEnabled,
  renderQrSetup,
} from '../../pages/otp-setup-pages.js';

/** Who is setting up OTP, and where: the signed-in user in the portal, or an admin in the middle of signing in. */
export interface OtpSetupHost {
  /** Path prefix with `:domain`, e.g. `/portal/:domain/otp/setup`. */
  prefix: string;
  /** The user and the frame of the pages, or null after having answered the request (e.g. with a redirect). */
  resolve(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ tenant: TenantRow; user: UserRow; actor: Actor; frame: OtpSetupFrame } | null>;
  /** A refusal message when this user may not mail codes to `email` here, else null. */
  checkEmail?(
    request: FastifyRequest,
    context: { tenant: TenantRow; user: UserRow },
    email: string,
  ): Promise<string | null>;
  /** After "Success. OTP is now enabled.": render the completion, or carry on (e.g. finish the sign-in). */
  onEnabled(
    request: FastifyRequest,
    reply: FastifyReply,
    context: { tenant: TenantRow; user: UserRow; frame: OtpSetupFrame; otpType: OtpType },
  ): Promise<unknown>;
}

const SetupParams = Type.Object({ domain: Type.String({ maxLength: 253 }), setupId: Type.String({ maxLength: 64 }) });
const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });
const Csrf = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
const EmailForm = Type.Object({ email: Type.String({ maxLength: 1024 }), ...Csrf });
const CodeForm = Type.Object({ code: Type.String({ maxLength: 64 }), ...Csrf });

/** Failures a person can act on are shown on the page; anything else goes to the error handler. */
function userFacing(error: unknown): string | null {
  if (
    error instanceof ValidationError ||
    error instanceof GoneError ||
    error instanceof TooSoonError ||
    error instanceof MailNotSentError ||
    error instanceof ConflictError ||
    error instanceof NotFoundError
  )
    return error.message;
  return null;
}

export const htmlReply = (reply: FastifyReply, status = 200) => reply.code(status).type('text/html; charset=utf-8');

/** The steps of SPEC §3.1/§3.2 as server-rendered pages: choose, QR code or email, code, success. */
export function registerOtpSetupRoutes(app: FastifyInstance, services: Services, host: OtpSetupHost): void {
  /** Whoever the host is, the person here sets up their own OTP: self-service, under their group's rules. */
  async function resolve(request: FastifyRequest, reply: FastifyReply) {
    const context = await host.resolve(request, reply);
    return context && { ...context, actor: asSelfService(context.actor) };
  }

  const schema = (params: typeof DomainParams | typeof SetupParams, body?: typeof EmailForm | typeof CodeForm) => ({
    schema: { params, ...(body ? { body } : {}), hide: true },
  });

  async function showSetup(
    request: FastifyRequest,
    reply: FastifyReply,
    setupId: string,
    error?: string,
    notice?: string,
  ) {
    const context = await resolve(request, reply);
    if (!context) return reply;
    const { tenant, user, actor, frame } = context;
    const setup = await services.otpSetup.pendingSetup(tenant, user, setupId).catch((e: unknown) => {
      if (userFacing(e) === null) throw e;
      return null;
    });
    if (!setup)
      return htmlReply(reply, 410).send(
        renderOtpChoice(frame, 'This setup has expired or was replaced. Please start again.'),
      );
    if (setup.method === 'email')
      return htmlReply(reply, error ? 400 : 200).send(renderEmailCodeForm(frame, setup.id, setup.email, error, notice));
    const uri = await services.otpSetup.pendingOtpauthUri(tenant, actor, user, setup.id);
    return htmlReply(reply, error ? 400 : 200).send(
      renderQrSetup(frame, { setupId: setup.id, qrSvg: await qrSvg(uri), expiresAt: setup.expires_at, error }),
    );
  }

  app.get(host.prefix, schema(DomainParams), async (request, reply) => {
    const context = await resolve(request, reply);
    if (!context) return reply;
    return htmlReply(reply).send(renderOtpChoice(context.frame));
  });

  app.post(`${host.prefix}/totp`, schema(DomainParams), async (request, reply) => {
    const context = await resolve(request, reply);
    if (!context) return reply;
    const setup = await services.otpSetup.startTotp(context.tenant, context.actor, context.user, {
      origin: requestOrigin(request),
    });
    return reply.redirect(`${context.frame.base}/${setup.setupId}`, 303);
  });

  app.get(`${host.prefix}/email`, schema(DomainParams), async (request, reply) => {
    const context = await resolve(request, reply);
    if (!context) return reply;
    return htmlReply(reply).send(renderEmailAddressForm(context.frame, context.user.otp_email || context.user.email));
  });

  app.post(`${host.prefix}/email`, schema(DomainParams, EmailForm), async (request, reply) => {
    const context = await resolve(request, reply);
    if (!context) return reply;
    const { email } = request.body as { email: string };
    const refusal = (await host.checkEmail?.(request, context, email)) ?? null;
    if (refusal) return htmlReply(reply, 403).send(renderEmailAddressForm(context.frame, email, refusal));
    try {
      const setup = await services.otpSetup.startEmail(context.tenant, context.actor, context.user, email);
      return reply.redirect(`${context.frame.base}/${setup.setupId}`, 303);
    } catch (error) {
      const message = userFacing(error);
      if (message === null) throw error;
      return htmlReply(reply, error instanceof MailNotSentError ? 502 : 400).send(
        renderEmailAddressForm(context.frame, email, message),
      );
    }
  });

  app.get(`${host.prefix}/:setupId`, schema(SetupParams), async (request, reply) =>
    showSetup(request, reply, (request.params as { setupId: string }).setupId),
  );

  app.get(`${host.prefix}/:setupId/qr.png`, schema(SetupParams), async (request, reply) => {
    const context = await resolve(request, reply);
    if (!context) return reply;
    const uri = await services.otpSetup.pendingOtpauthUri(
      context.tenant,
      context.actor,
      context.user,
      (request.params as { setupId: string }).setupId,
    );
    return reply.type('image/png').send(await qrPng(uri));
  });

  app.post(`${host.prefix}/:setupId/confirm`, schema(SetupParams, CodeForm), async (request, reply) => {
    const context = await resolve(request, reply);
    if (!context) return reply;
    const { setupId } = request.params as { setupId: string };
    try {
      const result = await services.otpSetup.confirm(
        context.tenant,
        context.actor,
        context.user,
        setupId,
        (request.body as { code: string }).code,
      );
      return host.onEnabled(request, reply, { ...context, otpType: result.otpType });
    } catch (error) {
      const message = userFacing(error);
      if (message === null) throw error;
      return showSetup(request, reply, setupId, message);
    }
  });

  app.post(`${host.prefix}/:setupId/resend`, schema(SetupParams), async (request, reply) => {
    const context = await resolve(request, reply);
    if (!context) return reply;
    const { setupId } = request.params as { setupId: string };
    try {
      await services.otpSetup.resendEmail(context.tenant, context.actor, context.user, setupId);
      return showSetup(request, reply, setupId, undefined, 'A new code has been sent.');
    } catch (error) {
      const message = userFacing(error);
      if (message === null) throw error;
      return showSetup(request, reply, setupId, message);
    }
  });
}
