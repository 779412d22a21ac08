import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PASSWORDLESS_SIGN_IN_MESSAGES, SIGN_IN_MESSAGES } from '../../../core/messages.js';
import type { Services } from '../../../services/services.js';
import type { SignInOutcome } from '../../../services/sign-in/sign-in-outcome.js';
import { settingsOf } from '../../../services/tenant-service.js';
import type { TenantRow } from '../../../store/schema.js';
import {
  AuthenticationOptions,
  PasskeyAnswerForm,
  PasswordlessAnswerForm,
} from '../../../contract/portal/passkey-sign-in.js';
import { WEBAUTHN_CHALLENGE_LIFETIME_MS } from '../../../core/passkey-rules.js';
import { relyingPartyOf } from '../../../services/passkeys/relying-party.js';
import { requestOrigin, tenantOf } from '../../plugins/auth.js';
import { HttpError } from '../../plugins/error-handler.js';
import { clearSessionCookie, type CookiePolicy, SESSION_COOKIE, setSessionCookie } from '../../plugins/cookies.js';
import { html } from '../../pages/html.js';
import { renderKeyApproval } from '../../pages/key-approval-page.js';
import { renderLoginPage } from '../../pages/login-page.js';
import { renderOtpChallenge } from '../../pages/otp-challenge-page.js';
import { htmlReply, registerOtpSetupRoutes } from '../otp-setup/otp-setup-routes.js';
import { pathOfReturn, signInReturnOf } from './next-path.js';
import { passkeyOfferPath } from './portal-passkey-routes.js';
import { shownWithStatus, signInClientOf } from './sign-in-client.js';
import {
  clearAttemptCookie,
  PASSKEY_BROWSER_COOKIE,
  passkeyBrowserNonce,
  setAttemptCookie,
  setPassCookie,
  SIGN_IN_COOKIE,
} from './sign-in-cookies.js';

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });
const LoginQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2048 })) });
const Csrf = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
const LoginForm = Type.Object({
  loginId: Type.String({ maxLength: 1024 }),
  password: Type.String({ maxLength: 1024 }),
  keepMeLoggedIn: Type.Optional(Type.String({ maxLength: 10 })),
  next: Type.Optional(Type.String({ maxLength: 2048 })),
  ...Csrf,
});
const CodeForm = Type.Object({ code: Type.String({ maxLength: 64 }), ...Csrf });
const OtpStepQuery = Type.Object({ code: Type.Optional(Type.String({ maxLength: 4 })) });

/** What the login form shows again after a refusal: the typed ID, where the user was going, the box. */
interface LoginFormEcho {
  loginId?: string;
  next?: string;
  keepMeLoggedIn?: boolean;
}

/**
 * The sign-in pages (SPEC §5.1). Every rule lives in the sign-in flow (services/sign-in); these routes only turn
 * its outcomes into pages, redirects and cookies.
 */
export function registerLoginRoutes(
  app: FastifyInstance,
  services: Services,
  cookies: CookiePolicy,
  publicUrl: URL | undefined,
): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();
  const flow = services.signIn;
  const attemptCookie = (request: FastifyRequest) => request.cookies[SIGN_IN_COOKIE];

  async function loginPage(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: TenantRow,
    extra: LoginFormEcho & { error?: string },
  ) {
    const settings = settingsOf(tenant);
    const passkeyOffered = await services.passwordless.isOffered(tenant);
    return htmlReply(reply, reply.statusCode).send(
      renderLoginPage({
        title: settings.loginPageTitle,
        domain: tenant.domain,
        csrfToken: request.csrfToken(reply),
        next: pathOfReturn(tenant.domain, signInReturnOf(tenant.domain, extra.next)),
        loginId: extra.loginId ?? '',
        showKeepMeLoggedIn: settings.showKeepMeLoggedIn,
        keepMeLoggedIn: extra.keepMeLoggedIn ?? false,
        error: extra.error,
        passkeyOffered,
      }),
    );
  }

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: TenantRow,
    outcome: SignInOutcome,
    echo: LoginFormEcho = {},
    /** Where a successful sign-in lands instead of its return target (which it then carries on to). */
    landOn?: (returnPath: string) => string,
  ) {
    const title = settingsOf(tenant).loginPageTitle;
    switch (outcome.kind) {
      case 'login-form':
        request.log.info({ tenant: tenant.domain, reason: outcome.reason }, 'sign-in refused');
        clearAttemptCookie(request, reply, cookies, tenant);
        reply.code(outcome.status);
        return loginPage(request, reply, tenant, {
          ...echo,
          loginId: echo.loginId ?? outcome.loginId,
          error: shownWithStatus(outcome.status, outcome.message),
        });
      case 'go-to-step':
        if (outcome.attempt) setAttemptCookie(request, reply, cookies, tenant, outcome.attempt);
        return reply.redirect(`/portal/${tenant.domain}/login/${outcome.step}`, 303);
      case 'code-challenge':
        return htmlReply(reply, outcome.status).send(
          renderOtpChallenge({ title, domain: tenant.domain, csrfToken: request.csrfToken(reply), ...outcome }),
        );
      case 'push-approval':
        return htmlReply(reply).send(
          renderKeyApproval({ title, domain: tenant.domain, csrfToken: request.csrfToken(reply), ...outcome }),
        );
      case 'signed-in':
        // Never reuse a session from before the sign-in (SPEC §5.1 step 5).
        await services.sessions.destroy(request.cookies[SESSION_COOKIE]);
        setSessionCookie(
          request,
          reply,
          cookies,
          outcome.session.token,
          outcome.session.persistent ? outcome.session.expiresAt : undefined,
        );
        if (outcome.pass) setPassCookie(request, reply, cookies, tenant, outcome.pass);
        clearAttemptCookie(request, reply, cookies, tenant);
        const returnPath = pathOfReturn(tenant.domain, outcome.returnTo);
        return reply.redirect(landOn ? landOn(returnPath) : returnPath, 303);
    }
  }

  routes.get(
    '/portal/:domain/login',
    { schema: { params: DomainParams, querystring: LoginQuery, hide: true } },
    async (request, reply) =>
      loginPage(request, reply, await tenantOf(services, request.params.domain), { next: request.query.next }),
  );

  routes.post(
    '/portal/:domain/login',
    { schema: { params: DomainParams, body: LoginForm, hide: true } },
    async (request, reply) => {
      const form = request.body;
      const tenant = await tenantOf(services, request.params.domain);
      const keepMeLoggedIn = form.keepMeLoggedIn === 'yes';
      const outcome = await flow.submitPassword({
        tenant,
        loginId: form.loginId.trim(),
        password: form.password,
        keepMeLoggedIn,
        client: signInClientOf(request),
        returnTo: signInReturnOf(tenant.domain, form.next),
      });
      return render(request, reply, tenant, outcome, { loginId: form.loginId, next: form.next, keepMeLoggedIn });
    },
  );

  // "Sign in with a passkey" (issue 12): discoverable options bound to this browser, then the assertion as a form POST.
  routes.post(
    '/portal/:domain/login/passkey/options',
    { schema: { params: DomainParams, response: { 200: AuthenticationOptions }, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, request.params.domain);
      const rp = relyingPartyOf(tenant, publicUrl, requestOrigin(request));
      const nonce = passkeyBrowserNonce(request, reply, cookies, tenant, WEBAUTHN_CHALLENGE_LIFETIME_MS);
      const options = await services.passwordless.options(tenant, nonce, signInClientOf(request), rp);
      if (!options) throw new HttpError(403, 'forbidden', PASSWORDLESS_SIGN_IN_MESSAGES.notAllowedForGroup);
      return { optionsJSON: options as unknown as Record<string, unknown> };
    },
  );

  routes.post(
    '/portal/:domain/login/passkey',
    { schema: { params: DomainParams, body: PasswordlessAnswerForm, hide: true } },
    async (request, reply) => {
      const form = request.body;
      const tenant = await tenantOf(services, request.params.domain);
      const outcome = await services.passwordless.signIn({
        tenant,
        browserNonce: request.cookies[PASSKEY_BROWSER_COOKIE] ?? '',
        client: signInClientOf(request),
        rp: relyingPartyOf(tenant, publicUrl, requestOrigin(request)),
        response: form.response,
        keepMeLoggedIn: form.keepMeLoggedIn === 'yes',
        returnTo: signInReturnOf(tenant.domain, form.next),
      });
      if (outcome.kind === 'login-form' && outcome.reason === 'passkey-counter-regressed')
        request.log.warn(
          { tenant: tenant.domain, reason: outcome.reason },
          'passkey signature counter did not go forward; the passkey is flagged',
        );
      return render(request, reply, tenant, outcome, {
        next: form.next,
        keepMeLoggedIn: form.keepMeLoggedIn === 'yes',
      });
    },
  );

  routes.get(
    '/portal/:domain/login/otp',
    { schema: { params: DomainParams, querystring: OtpStepQuery, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, request.params.domain);
      const codeInstead = request.query.code === '1';
      const outcome = await flow.showOtpStep(tenant, attemptCookie(request), signInClientOf(request), codeInstead);
      return render(request, reply, tenant, outcome);
    },
  );

  routes.post(
    '/portal/:domain/login/otp',
    { schema: { params: DomainParams, body: CodeForm, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, request.params.domain);
      const outcome = await flow.answerCode(tenant, attemptCookie(request), signInClientOf(request), request.body.code);
      return render(request, reply, tenant, outcome);
    },
  );

  // "Use a passkey" (issue 12): options as JSON for the page's script, then the assertion as an ordinary form POST.
  routes.post(
    '/portal/:domain/login/otp/passkey/options',
    { schema: { params: DomainParams, response: { 200: AuthenticationOptions }, hide: true } },
    async (request) => {
      const tenant = await tenantOf(services, request.params.domain);
      const rp = relyingPartyOf(tenant, publicUrl, requestOrigin(request));
      const answer = await flow.passkeyOptions(tenant, attemptCookie(request), signInClientOf(request), rp);
      if ('kind' in answer) throw new HttpError(401, 'unauthenticated', SIGN_IN_MESSAGES.signInExpired);
      return { optionsJSON: answer.optionsJSON as unknown as Record<string, unknown> };
    },
  );

  routes.post(
    '/portal/:domain/login/otp/passkey',
    { schema: { params: DomainParams, body: PasskeyAnswerForm, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, request.params.domain);
      const rp = relyingPartyOf(tenant, publicUrl, requestOrigin(request));
      const outcome = await flow.answerPasskey(
        tenant,
        attemptCookie(request),
        signInClientOf(request),
        rp,
        request.body.response,
      );
      // A possible cloned authenticator is for the operator too, not only the Access Log (never the assertion itself).
      if (outcome.kind === 'login-form' && outcome.reason === 'passkey-counter-regressed')
        request.log.warn(
          { tenant: tenant.domain, loginId: outcome.loginId, reason: outcome.reason },
          'passkey signature counter did not go forward; the passkey is flagged',
        );
      return render(request, reply, tenant, outcome);
    },
  );

  routes.get(
    '/portal/:domain/login/otp/push-status',
    { schema: { params: DomainParams, hide: true } },
    async (request, reply) => {
      const tenant = await tenantOf(services, request.params.domain);
      return reply.send({ status: await flow.pushStatus(tenant, attemptCookie(request), signInClientOf(request)) });
    },
  );

  const attemptActions = {
    push: flow.checkPush.bind(flow),
    'push-retry': flow.sendNewPush.bind(flow),
    resend: flow.resendEmailCode.bind(flow),
  };
  for (const [action, run] of Object.entries(attemptActions)) {
    routes.post(
      `/portal/:domain/login/otp/${action}`,
      { schema: { params: DomainParams, hide: true } },
      async (request, reply) => {
        const tenant = await tenantOf(services, request.params.domain);
        return render(request, reply, tenant, await run(tenant, attemptCookie(request), signInClientOf(request)));
      },
    );
  }

  // SPEC §5.3: an administrator caught by OTP enforcement without OTP sets it up here, before reaching anything else.
  registerOtpSetupRoutes(app, services, {
    prefix: '/portal/:domain/login/otp-setup',
    async resolve(request, reply) {
      const tenant = await tenantOf(services, (request.params as { domain: string }).domain);
      const pending = await flow.setupInProgress(tenant, attemptCookie(request), signInClientOf(request));
      if ('kind' in pending) {
        await render(request, reply, tenant, pending);
        return null;
      }
      const frame = {
        base: `/portal/${tenant.domain}/login/otp-setup`,
        header: html`<p class="notice" role="status">Administrators must use a one-time password to log in. Set it up now to continue.</p>`,
        csrfToken: request.csrfToken(reply),
        doneHref: `/portal/${tenant.domain}/`,
        doneLabel: 'Continue',
      };
      const { user } = pending;
      return { tenant, user, actor: { userId: user.id, loginId: user.login_id, role: 'none', ip: request.ip }, frame };
    },
    async onEnabled(request, reply, { tenant, otpType }) {
      const outcome = await flow.completeSetup(tenant, attemptCookie(request), signInClientOf(request), otpType);
      // Issue 12: with the OTP just set up, a passkey is offered once on the way in, where the group allows them.
      // Done here rather than in the flow: it is a page on the way, not a step the sign-in depends on.
      const offerPasskey =
        outcome.kind === 'signed-in' && (await services.passkeyRegistration.rulesFor(tenant, outcome.user)).allowed;
      return render(
        request,
        reply,
        tenant,
        outcome,
        {},
        offerPasskey ? (returnPath) => passkeyOfferPath(tenant.domain, returnPath) : undefined,
      );
    },
  });

  routes.post('/portal/:domain/logout', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const tenant = await tenantOf(services, request.params.domain);
    await services.sessions.destroy(request.cookies[SESSION_COOKIE]);
    clearSessionCookie(request, reply, cookies);
    return reply.redirect(`/portal/${tenant.domain}/login`, 303);
  });
}
