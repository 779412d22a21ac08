import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInOutcome } from '../../../services/sign-in/sign-in-outcome.js';
import type { TenantRow } from '../../../store/schema.js';
import { renderSsoRefusal } from '../../pages/sso-pages.js';
import type { CookiePolicy } from '../../plugins/cookies.js';
import { htmlReply } from '../otp-setup/otp-setup-routes.js';
import { ssoResumePath } from '../portal/next-path.js';
import { setAttemptCookie } from '../portal/sign-in-cookies.js';

/** The steps a single sign-on request of either protocol can take before its answer. */
export type SsoStep =
  | { kind: 'refused'; status: number; message: string; serviceName?: string; returnTo?: string }
  | { kind: 'sign-in'; requestId: string }
  | { kind: 'step-up'; outcome: Extract<SignInOutcome, { kind: 'go-to-step' | 'login-form' }>; serviceName: string };

/** The reply for a step: the refusal page, the login form that returns to the request, or the OTP step alone. */
export function replyWithSsoStep(
  request: FastifyRequest,
  reply: FastifyReply,
  cookies: CookiePolicy,
  tenant: TenantRow,
  step: SsoStep,
) {
  switch (step.kind) {
    case 'refused':
      return htmlReply(reply, step.status).send(renderSsoRefusal(step.serviceName, step.message, step.returnTo));
    case 'sign-in':
      return reply.redirect(
        `/portal/${tenant.domain}/login?next=${encodeURIComponent(ssoResumePath(tenant.domain, step.requestId))}`,
        303,
      );
    case 'step-up':
      if (step.outcome.kind === 'login-form')
        return htmlReply(reply, 403).send(renderSsoRefusal(step.serviceName, step.outcome.message));
      if (step.outcome.attempt) setAttemptCookie(request, reply, cookies, tenant, step.outcome.attempt);
      return reply.redirect(`/portal/${tenant.domain}/login/${step.outcome.step}`, 303);
  }
}
