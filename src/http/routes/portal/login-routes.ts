import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SIGN_IN_MESSAGES } from '../../../core/messages.js';
import { TooSoonError } from '../../../services/errors.js';
import { MailNotSentError } from '../../../services/mail-service.js';
import type { Services } from '../../../services/services.js';
import type { PendingSignIn } from '../../../services/sign-in/sign-in-attempt-service.js';
import type { SignedIn } from '../../../services/sign-in/sign-in-service.js';
import { settingsOf } from '../../../services/tenant-service.js';
import type { TenantRow } from '../../../store/schema.js';
import { clearSessionCookie, type CookiePolicy, setSessionCookie, SESSION_COOKIE } from '../../plugins/cookies.js';
import { tenantOf } from '../../plugins/auth.js';
import { renderLoginPage } from '../../pages/login-page.js';
import { maskEmail, renderOtpChallenge } from '../../pages/otp-challenge-page.js';
import { renderKeyApproval } from '../../pages/key-approval-page.js';
import { html } from '../../pages/html.js';
import { htmlReply, registerOtpSetupRoutes } from '../otp-setup/otp-setup-routes.js';
import { clearAttemptCookie, PASS_COOKIE, setAttemptCookie, setPassCookie, SIGN_IN_COOKIE } from './sign-in-cookies.js';

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });
const LoginQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2048 })) });
const LoginForm = Type.Object({
  loginId: Type.String({ maxLength: 1024 }),
  password: Type.String({ maxLength: 1024 }),
  keepMeLoggedIn: Type.Optional(Type.String({ maxLength: 10 })),
  next: Type.Optional(Type.String({ maxLength: 2048 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});
const CodeForm = Type.Object({
  code: Type.String({ maxLength: 64 }),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});

/** Only paths inside this tenant's portal or console: never another host, never a protocol-relative URL. */
export function safeNextPath(domain: string, next: string | undefined): string {
  const fallback = `/portal/${domain}/`;
  if (!next || /[\\\s]|\/\/|%2f|%5c/i.test(next)) return fallback;
  return next.startsWith(`/portal/${domain}/`) || next.startsWith(`/admin/${domain}/`) || next === `/admin/${domain}`
    ? next
    : fallback;
}

interface LoginPageExtras {
  loginId?: string;
  next?: string;
  keepMeLoggedIn?: boolean;
  error?: string;
  notice?: string;
}

function loginPage(request: FastifyRequest, reply: FastifyReply, tenant: TenantRow, extra: LoginPageExtras) {
  const settings = settingsOf(tenant);
  return htmlReply(reply, reply.statusCode).send(
    renderLoginPage({
      title: settings.loginPageTitle,
      domain: tenant.domain,
      csrfToken: request.csrfToken(reply),
      next: safeNextPath(tenant.domain, extra.next),
      loginId: extra.loginId ?? '',
      showKeepMeLoggedIn: settings.showKeepMeLoggedIn,
      keepMeLoggedIn: extra.keepMeLoggedIn ?? false,
      error: extra.error,
      notice: extra.notice,
    }),
  );
}

/** SPEC §5.1's 403 messages are shown with their status, as the product's written procedures quote them. */
const shown = (status: number, message: string) => (status === 403 ? `403 ${message}` : message);

export function registerLoginRoutes(app: FastifyInstance, services: Services, cookies: CookiePolicy): void {
  /** The end of every successful sign-in: a brand-new session cookie (and pass), then on to where the user was going. */
  async function finish(request: FastifyRequest, reply: FastifyReply, tenant: TenantRow, signedIn: SignedIn) {
    await services.sessions.destroy(request.cookies[SESSION_COOKIE]);
    setSessionCookie(
      request,
      reply,
      cookies,
      signedIn.session.token,
      signedIn.session.persistent ? signedIn.session.expiresAt : undefined,
    );
    if (signedIn.pass) setPassCookie(request, reply, cookies, tenant, signedIn.pass);
    clearAttemptCookie(request, reply, cookies, tenant);
    return reply.redirect(safeNextPath(tenant.domain, signedIn.next), 303);
  }

  /** The sign-in between password and session, or a fresh login page when it expired or ended. */
  async function pendingOrRestart(request: FastifyRequest, reply: FastifyReply, tenant: TenantRow) {
    const pending = await services.signInAttempts.resolve(tenant, request.cookies[SIGN_IN_COOKIE]);
    if (!pending) {
      clearAttemptCookie(request, reply, cookies, tenant);
      reply.code(401);
      await loginPage(request, reply, tenant, { error: SIGN_IN_MESSAGES.signInExpired });
    }
    return pending;
  }

  async function challengePage(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: TenantRow,
    pending: PendingSignIn,
    extra: { error?: string; notice?: string } = {},
  ) {
    return htmlReply(reply, reply.statusCode).send(
      renderOtpChallenge({
        title: settingsOf(tenant).loginPageTitle,
        domain: tenant.domain,
        csrfToken: request.csrfToken(reply),
        otpType: pending.user.otp_type,
        maskedEmail: pending.user.otp_email ? maskEmail(pending.user.otp_email) : undefined,
        ...extra,
      }),
    );
  }

  const checksOf = (request: FastifyRequest, tenant: TenantRow, pending: PendingSignIn, otpMethod: string) => ({
    tenant,
    user: pending.user,
    keepMeLoggedIn: pending.attempt.keep_me_logged_in === 1,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? '',
    next: pending.attempt.return_to,
    passCookie: request.cookies[PASS_COOKIE],
    otpMethod,
  });

  app.get(
    '/portal/:domain/login',
    { schema: { params: DomainParams, querystring: LoginQuery, hide: true } },
    async (request, reply) => {
      const { domain } = request.params as { domain: string };
      const { next } = request.query as { next?: string };
      return loginPage(request, reply, await tenantOf(services, domain), { next });
    },
  );

  app.post(
    '/portal/:domain/login',
    { schema: { params: DomainParams, body: LoginForm, hide: true } },
    async (request, reply) => {
      const { domain } = request.params as { domain: string };
      const form = request.body as { loginId: string; password: string; keepMeLoggedIn?: string; next?: string };
      const tenant = await tenantOf(services, domain);
      const keepMeLoggedIn = settingsOf(tenant).showKeepMeLoggedIn && form.keepMeLoggedIn === 'yes';
      const result = await services.signIn.signIn({
        tenant,
        loginId: form.loginId.trim(),
        password: form.password,
        keepMeLoggedIn,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
        passCookie: request.cookies[PASS_COOKIE],
        next: safeNextPath(tenant.domain, form.next),
      });
      if (result.outcome === 'denied') {
        request.log.info({ tenant: tenant.domain, reason: result.reason }, 'sign-in denied');
        reply.code(result.httpStatus);
        return loginPage(request, reply, tenant, {
          loginId: form.loginId,
          next: form.next,
          keepMeLoggedIn,
          error: shown(result.httpStatus, result.message),
        });
      }
      if (result.outcome === 'otp-required') {
        setAttemptCookie(request, reply, cookies, tenant, result.attempt);
        return reply.redirect(`/portal/${tenant.domain}/login/${result.stage}`, 303);
      }
      return finish(request, reply, tenant, result);
    },
  );

  /** Gatehouse Key users are asked on their device first (SPEC §5.1 step 4), unless they chose to type a code. */
  async function approvalPage(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: TenantRow,
    pending: PendingSignIn,
    forceNew = false,
  ) {
    const approval = await services.approvals.currentOrNew(
      pending.attempt,
      pending.user,
      { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' },
      forceNew,
    );
    const status = services.approvals.statusOf(approval);
    return htmlReply(reply).send(
      renderKeyApproval({
        title: settingsOf(tenant).loginPageTitle,
        domain: tenant.domain,
        csrfToken: request.csrfToken(reply),
        number: approval.number,
        status: status === 'expired' ? 'expired' : 'pending',
      }),
    );
  }

  const usesPush = async (tenant: TenantRow, pending: PendingSignIn) =>
    pending.user.otp_type === 'gatehouse-key' &&
    (await services.keyEnrolment.deviceOf(tenant, pending.user.id)) !== undefined;

  app.get(
    '/portal/:domain/login/otp',
    {
      schema: {
        params: DomainParams,
        querystring: Type.Object({ code: Type.Optional(Type.String({ maxLength: 4 })) }),
        hide: true,
      },
    },
    async (request, reply) => {
      const tenant = await tenantOf(services, (request.params as { domain: string }).domain);
      const pending = await pendingOrRestart(request, reply, tenant);
      if (!pending) return reply;
      if (pending.attempt.stage === 'otp-setup') return reply.redirect(`/portal/${tenant.domain}/login/otp-setup`, 303);
      if ((request.query as { code?: string }).code !== '1' && (await usesPush(tenant, pending)))
        return approvalPage(request, reply, tenant, pending);
      try {
        await services.signInAttempts.sendEmailCodeIfNeeded(tenant, pending);
      } catch (error) {
        if (!(error instanceof MailNotSentError)) throw error;
        reply.code(502);
        return challengePage(request, reply, tenant, pending, { error: error.message });
      }
      return challengePage(request, reply, tenant, pending);
    },
  );

  app.post(
    '/portal/:domain/login/otp',
    { schema: { params: DomainParams, body: CodeForm, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, (request.params as { domain: string }).domain);
      const pending = await pendingOrRestart(request, reply, tenant);
      if (!pending || pending.attempt.stage !== 'otp') return reply;
      const context = { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' };
      const answer = await services.signInAttempts.answer(
        tenant,
        pending,
        (request.body as { code: string }).code,
        context,
      );
      if (answer.outcome === 'passed')
        return finish(
          request,
          reply,
          tenant,
          await services.signIn.complete(checksOf(request, tenant, pending, answer.otpMethod)),
        );
      if (answer.outcome === 'invalid') {
        reply.code(400);
        return challengePage(request, reply, tenant, pending, { error: SIGN_IN_MESSAGES.invalidOtp });
      }
      clearAttemptCookie(request, reply, cookies, tenant);
      const locked = answer.reason === 'account-locked';
      reply.code(locked ? 403 : 401);
      return loginPage(request, reply, tenant, {
        loginId: pending.user.login_id,
        error: locked ? shown(403, SIGN_IN_MESSAGES.accountLocked) : SIGN_IN_MESSAGES.tooManyOtpTries,
      });
    },
  );

  app.get(
    '/portal/:domain/login/otp/push-status',
    { schema: { params: DomainParams, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, (request.params as { domain: string }).domain);
      const pending = await services.signInAttempts.resolve(tenant, request.cookies[SIGN_IN_COOKIE]);
      const approval = pending ? await services.approvals.latestOf(pending.attempt) : undefined;
      return reply.send({ status: approval ? services.approvals.statusOf(approval) : 'ended' });
    },
  );

  app.post(
    '/portal/:domain/login/otp/push',
    { schema: { params: DomainParams, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, (request.params as { domain: string }).domain);
      const pending = await pendingOrRestart(request, reply, tenant);
      if (!pending) return reply;
      const approval = await services.approvals.latestOf(pending.attempt);
      const status = approval ? services.approvals.statusOf(approval) : 'expired';
      if (status === 'accepted' && (await services.signInAttempts.claim(pending)))
        return finish(
          request,
          reply,
          tenant,
          await services.signIn.complete(checksOf(request, tenant, pending, 'gatehouse-key')),
        );
      if (status === 'rejected') {
        await services.signInAttempts.claim(pending);
        clearAttemptCookie(request, reply, cookies, tenant);
        reply.code(403);
        return loginPage(request, reply, tenant, {
          loginId: pending.user.login_id,
          error: SIGN_IN_MESSAGES.rejectedOnDevice,
        });
      }
      return approvalPage(request, reply, tenant, pending);
    },
  );

  app.post(
    '/portal/:domain/login/otp/push-retry',
    { schema: { params: DomainParams, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, (request.params as { domain: string }).domain);
      const pending = await pendingOrRestart(request, reply, tenant);
      if (!pending) return reply;
      return approvalPage(request, reply, tenant, pending, true);
    },
  );

  app.post(
    '/portal/:domain/login/otp/resend',
    { schema: { params: DomainParams, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, (request.params as { domain: string }).domain);
      const pending = await pendingOrRestart(request, reply, tenant);
      if (!pending) return reply;
      try {
        await services.signInAttempts.resendEmailCode(tenant, pending);
      } catch (error) {
        if (!(error instanceof TooSoonError) && !(error instanceof MailNotSentError)) throw error;
        reply.code(error instanceof TooSoonError ? 429 : 502);
        return challengePage(request, reply, tenant, pending, { error: error.message });
      }
      return challengePage(request, reply, tenant, pending, { notice: 'A new code has been sent.' });
    },
  );

  // SPEC §5.3: an administrator caught by OTP enforcement without OTP sets it up here, before reaching anything else.
  registerOtpSetupRoutes(app, services, {
    prefix: '/portal/:domain/login/otp-setup',
    async resolve(request, reply) {
      const tenant = await tenantOf(services, (request.params as { domain: string }).domain);
      const pending = await pendingOrRestart(request, reply, tenant);
      if (!pending) return null;
      if (pending.attempt.stage !== 'otp-setup') {
        await reply.redirect(`/portal/${tenant.domain}/login/otp`, 303);
        return null;
      }
      const frame = {
        base: `/portal/${tenant.domain}/login/otp-setup`,
        header: html`<p class="notice" role="status">
          Administrators must use a one-time password to log in. Set it up now to continue.
        </p>`,
        csrfToken: request.csrfToken(reply),
        doneHref: `/portal/${tenant.domain}/`,
        doneLabel: 'Continue',
      };
      return {
        tenant,
        user: pending.user,
        actor: { userId: pending.user.id, loginId: pending.user.login_id, role: 'none', ip: request.ip },
        frame,
      };
    },
    async onEnabled(request, reply, { tenant, user, otpType }) {
      const pending = await services.signInAttempts.resolve(tenant, request.cookies[SIGN_IN_COOKIE]);
      if (!pending || pending.user.id !== user.id || !(await services.signInAttempts.claim(pending))) {
        reply.code(401);
        return loginPage(request, reply, tenant, { error: SIGN_IN_MESSAGES.signInExpired });
      }
      return finish(
        request,
        reply,
        tenant,
        await services.signIn.complete(
          checksOf(request, tenant, { ...pending, user: { ...pending.user, otp_type: otpType } }, otpType),
        ),
      );
    },
  });

  app.post('/portal/:domain/logout', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const { domain } = request.params as { domain: string };
    const tenant = await tenantOf(services, domain);
    await services.sessions.destroy(request.cookies[SESSION_COOKIE]);
    clearSessionCookie(request, reply, cookies);
    return reply.redirect(`/portal/${tenant.domain}/login`, 303);
  });
}
