import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { AccessLogReason } from '../../core/access-log-reasons.js';
import type { Clock } from '../../core/clock.js';
import { randomToken } from '../../core/ids.js';
import { OIDC_MESSAGES, SSO_MESSAGES } from '../../core/messages.js';
import {
  asksForMultiFactor,
  authenticationContextOf,
  authenticationMethodsOf,
} from '../../core/sso/oidc-authentication.js';
import type { OidcClientSettings } from '../../core/sso/oidc-client-settings.js';
import type { Store } from '../../store/database.js';
import { findOidcClientByClientId } from '../../store/oidc-client-secrets.js';
import type { ConnectedServiceRow, SsoRequestRow, TenantRow } from '../../store/schema.js';
import { claimSsoAnswer, findSsoRequestByRequestId, insertSsoRequest } from '../../store/sso-requests.js';
import type { AccessLogService } from '../access-log-service.js';
import { SSO_REQUEST_LIFETIME_MS } from '../saml/saml-sso-service.js';
import type { ActiveSession } from '../session-service.js';
import type { OtpStepUp } from '../sign-in/otp-step-up.js';
import type { SignInClient } from '../sign-in/sign-in-context.js';
import type { SignInOutcome } from '../sign-in/sign-in-outcome.js';
import { oidcClientSettingsOf } from '../sso/connected-service-rows.js';
import type { ServiceAccess } from '../sso/service-access.js';
import { recordSsoAccess } from '../sso/sso-access-log.js';

type Interaction = InstanceType<Provider['Interaction']>;

export type OidcSsoOutcome =
  | {
      kind: 'refused';
      status: number;
      reason: AccessLogReason;
      message: string;
      serviceName?: string;
      /** Where the browser may go on: the engine then tells the client `access_denied` (RFC 6749 §4.1.2.1). */
      returnTo?: string;
    }
  | { kind: 'sign-in'; requestId: string }
  | { kind: 'step-up'; outcome: Extract<SignInOutcome, { kind: 'go-to-step' | 'login-form' }>; serviceName: string }
  | { kind: 'consent'; requestId: string; serviceName: string; scopes: string[] }
  | { kind: 'redirect'; url: string; serviceName: string };

export interface OidcSsoDependencies {
  store: Store;
  clock: Clock;
  access: ServiceAccess;
  stepUp: OtpStepUp;
  accessLog: AccessLogService;
}

const SECOND = 1000;

/**
 * OpenID Connect sign-in (SPEC §6, issue 10): the engine's authorization request becomes an interaction, which
 * becomes a waiting SSO request of Gatehouse's, answered as a SAML request is: the one sign-in flow if nobody is
 * signed in (or the client asks for a fresh sign-in with `prompt=login` or `max_age`), the group's and the client's
 * decision, OTP step-up when the client requires OTP or asks for multi-factor with `acr_values`, consent for a
 * third-party client, and then the interaction's result, which the engine turns into a code for the client.
 */
export class OidcSsoService {
  constructor(private readonly deps: OidcSsoDependencies) {}

  /**
   * The engine sent the browser to the interaction `uid`: it waits as an SSO request while the user signs in. (The
   * authorization request counted against the address's limit when it arrived: oidc-request-guard.ts.)
   */
  async begin(tenant: TenantRow, engine: Provider, uid: string, client: SignInClient): Promise<OidcSsoOutcome> {
    const interaction = await engine.Interaction.find(uid);
    if (!interaction) return this.refuse(tenant, client, 'sso-expired', 400);
    const clientId = String(interaction.params.client_id ?? '');
    const row = await findOidcClientByClientId(this.deps.store.db, tenant.id, clientId);
    if (!row || row.status !== 'enabled') return this.refuse(tenant, client, 'sso-unknown-service', 403);
    const now = this.deps.clock.now();
    const request: SsoRequestRow = {
      id: randomToken(16),
      tenant_id: tenant.id,
      service_id: row.id,
      protocol: 'oidc',
      request_id: uid,
      reply_url: interaction.returnTo,
      relay_state: '',
      force_authn: promptsOf(interaction).has('login') ? 1 : 0,
      is_passive: 0,
      created_at: now,
      expires_at: now + SSO_REQUEST_LIFETIME_MS,
      answered_at: 0,
    };
    if (await insertSsoRequest(this.deps.store.db, request)) return { kind: 'sign-in', requestId: request.id };
    // The same interaction again (the browser went back): it carries on as the request it became.
    const earlier = await findSsoRequestByRequestId(this.deps.store.db, {
      tenantId: tenant.id,
      serviceId: row.id,
      requestId: uid,
    });
    return earlier ? { kind: 'sign-in', requestId: earlier.id } : this.refuse(tenant, client, 'sso-expired', 400);
  }

  /** The waiting request, now that the browser is back (at once, or after signing in or stepping up). */
  async resume(
    tenant: TenantRow,
    engine: Provider,
    request: SsoRequestRow,
    active: ActiveSession | null,
    client: SignInClient,
  ): Promise<OidcSsoOutcome> {
    const found = await this.waiting(tenant, engine, request, active, client);
    if ('kind' in found) return found;
    const { interaction, row, settings } = found;
    const now = this.deps.clock.now();
    if (!active || !this.signedInForIt(active, request, interaction, now))
      return { kind: 'sign-in', requestId: request.id };
    const decision = await this.deps.access.decide(tenant, active.user, row, {
      ip: client.ip,
      now,
      passCookie: client.passCookie,
    });
    if (!decision.allowed) return this.deny(tenant, interaction, client, decision.reason, row.name, active);
    const otpRequired = decision.otpRequired || asksForMultiFactor(stringParam(interaction, 'acr_values'));
    if (otpRequired && active.session.otp_verified_at === 0) {
      const outcome = await this.deps.stepUp.begin(tenant, active.user, client, {
        keepMeLoggedIn: active.session.persistent === 1,
        returnTo: { kind: 'sso', requestId: request.id },
      });
      await this.log(tenant, client, outcome.kind === 'go-to-step' ? 'otp-step-up' : 'otp-not-configured', row, active);
      return { kind: 'step-up', outcome, serviceName: row.name };
    }
    const scopes = grantedScopesOf(interaction, settings);
    // An OpenID Connect sign-in without the openid scope would give the client nothing it may have: refused.
    if (!scopes.includes('openid')) return this.returnError(tenant, interaction, client, row, active, 'invalid_scope');
    if (!settings.firstParty && !(await this.consented(engine, interaction, scopes)))
      return { kind: 'consent', requestId: request.id, serviceName: row.name, scopes };
    return this.finish(tenant, engine, request, interaction, active, client, row, scopes);
  }

  /** The user's answer on the consent page of a third-party client. */
  async consent(
    tenant: TenantRow,
    engine: Provider,
    request: SsoRequestRow,
    active: ActiveSession | null,
    client: SignInClient,
    allow: boolean,
  ): Promise<OidcSsoOutcome> {
    if (!allow) {
      const found = await this.waiting(tenant, engine, request, active, client);
      if ('kind' in found) return found;
      return this.deny(tenant, found.interaction, client, 'consent-denied', found.row.name, active);
    }
    // Allowing is answering: everything is decided again, and the consent page is the one step it skips.
    const found = await this.waiting(tenant, engine, request, active, client);
    if ('kind' in found) return found;
    const outcome = await this.resume(tenant, engine, request, active, client);
    if (outcome.kind !== 'consent' || !active) return outcome;
    return this.finish(tenant, engine, request, found.interaction, active, client, found.row, outcome.scopes);
  }

  /** The request, its interaction and its client, if all are still there. */
  private async waiting(
    tenant: TenantRow,
    engine: Provider,
    request: SsoRequestRow,
    active: ActiveSession | null,
    client: SignInClient,
  ): Promise<OidcSsoOutcome | { interaction: Interaction; row: ConnectedServiceRow; settings: OidcClientSettings }> {
    const now = this.deps.clock.now();
    if (request.answered_at !== 0 || request.expires_at <= now)
      return this.refuse(tenant, client, 'sso-expired', 400, undefined, active);
    const interaction = await engine.Interaction.find(request.request_id);
    if (!interaction) return this.refuse(tenant, client, 'sso-expired', 400, undefined, active);
    const row = await findOidcClientByClientId(this.deps.store.db, tenant.id, String(interaction.params.client_id));
    const settings = row && oidcClientSettingsOf(row);
    if (!row || !settings || row.status !== 'enabled' || row.id !== request.service_id)
      return this.refuse(tenant, client, 'sso-unknown-service', 403, undefined, active);
    return { interaction, row, settings };
  }

  /**
   * Whether this session may answer: `prompt=login` wants a sign-in made for this request, `max_age` one no older
   * than that many seconds (a sign-in made for this request always does).
   */
  private signedInForIt(active: ActiveSession, request: SsoRequestRow, interaction: Interaction, now: number): boolean {
    const madeForIt = active.session.created_at >= request.created_at;
    if (request.force_authn && !madeForIt) return false;
    const maxAge = interaction.params.max_age;
    if (maxAge === undefined || madeForIt) return true;
    return now - active.session.created_at <= Number(maxAge) * SECOND;
  }

  /** Whether the user already allowed this client everything it asks for (a grant the engine's session holds). */
  private async consented(engine: Provider, interaction: Interaction, scopes: string[]): Promise<boolean> {
    if (!interaction.grantId) return false;
    const grant = await engine.Grant.find(interaction.grantId);
    const granted = new Set((grant?.getOIDCScope() ?? '').split(' '));
    return scopes.every((scope) => granted.has(scope));
  }

  private async finish(
    tenant: TenantRow,
    engine: Provider,
    request: SsoRequestRow,
    interaction: Interaction,
    active: ActiveSession,
    client: SignInClient,
    row: ConnectedServiceRow,
    scopes: string[],
  ): Promise<OidcSsoOutcome> {
    if (!(await claimSsoAnswer(this.deps.store.db, request.id, this.deps.clock.now())))
      return this.refuse(tenant, client, 'sso-expired', 400, row.name, active);
    const clientId = String(interaction.params.client_id);
    const grant =
      (interaction.grantId && (await engine.Grant.find(interaction.grantId))) ||
      new engine.Grant({ accountId: active.user.id, clientId });
    grant.addOIDCScope(scopes.join(' '));
    const grantId = await grant.save();
    const authentication = { otpMethod: active.session.otp_method, otpVerifiedAt: active.session.otp_verified_at };
    const result: InteractionResults = {
      login: {
        accountId: active.user.id,
        ts: Math.floor(active.session.created_at / SECOND),
        amr: authenticationMethodsOf(authentication),
        acr: authenticationContextOf(authentication),
        // The engine's session ends with the browser: Gatehouse's own session is what keeps a user signed in.
        remember: false,
      },
      consent: { grantId },
    };
    await this.saveResult(interaction, result);
    await this.log(tenant, client, 'allowed', row, active);
    return { kind: 'redirect', url: interaction.returnTo, serviceName: row.name };
  }

  /**
   * A refusal: the page says why; the interaction ends with `access_denied`, which the engine sends to the client's
   * redirect URI when the browser goes back to it.
   */
  private async deny(
    tenant: TenantRow,
    interaction: Interaction,
    client: SignInClient,
    reason: AccessLogReason,
    serviceName: string,
    active: ActiveSession | null,
  ): Promise<OidcSsoOutcome> {
    const message = reason === 'consent-denied' ? OIDC_MESSAGES.consentDenied : refusalMessageOf(reason);
    await this.saveResult(interaction, { error: 'access_denied', error_description: message });
    await this.log(tenant, client, reason, { name: serviceName }, active);
    return { kind: 'refused', status: 403, reason, message, serviceName, returnTo: interaction.returnTo };
  }

  /** An error for the client itself, at its redirect URI (RFC 6749 §4.1.2.1), without a page on the way. */
  private async returnError(
    tenant: TenantRow,
    interaction: Interaction,
    client: SignInClient,
    row: ConnectedServiceRow,
    active: ActiveSession,
    error: string,
  ): Promise<OidcSsoOutcome> {
    await this.saveResult(interaction, { error, error_description: 'the openid scope is required' });
    await this.log(tenant, client, 'sso-bad-request', row, active);
    return { kind: 'redirect', url: interaction.returnTo, serviceName: row.name };
  }

  private async saveResult(interaction: Interaction, result: InteractionResults): Promise<void> {
    interaction.result = result;
    // `exp` is in the engine's time, which is the system clock's, not the injected clock's.
    const secondsLeft = Math.max(1, interaction.exp - Math.floor(Date.now() / SECOND));
    await interaction.save(secondsLeft);
  }

  private async refuse(
    tenant: TenantRow,
    client: SignInClient,
    reason: AccessLogReason,
    status: number,
    serviceName?: string,
    active?: ActiveSession | null,
  ): Promise<OidcSsoOutcome> {
    await this.log(tenant, client, reason, { name: serviceName ?? '' }, active ?? null);
    return { kind: 'refused', status, reason, message: refusalMessageOf(reason), serviceName };
  }

  private async log(
    tenant: TenantRow,
    client: SignInClient,
    reason: AccessLogReason,
    service: { name: string },
    active: ActiveSession | null,
  ): Promise<void> {
    await recordSsoAccess(this.deps.accessLog, { tenant, client, reason, service: service.name, active });
  }
}

const REFUSAL_MESSAGES: Partial<Record<AccessLogReason, string>> = {
  'sso-unknown-service': OIDC_MESSAGES.invalidClient,
  'sso-expired': SSO_MESSAGES.expired,
  'service-not-allowed': SSO_MESSAGES.serviceNotAllowed,
  'service-denied': SSO_MESSAGES.serviceDenied,
  'policy-denied': SSO_MESSAGES.policyDenied,
  throttled: SSO_MESSAGES.throttled,
};

const refusalMessageOf = (reason: AccessLogReason) => REFUSAL_MESSAGES[reason] ?? OIDC_MESSAGES.invalidRequest;

function stringParam(interaction: Interaction, name: string): string | undefined {
  const value = interaction.params[name];
  return typeof value === 'string' ? value : undefined;
}

function promptsOf(interaction: Interaction): Set<string> {
  return new Set((stringParam(interaction, 'prompt') ?? '').split(' '));
}

/** The scopes asked for that the client may have: the engine has already refused a request without openid. */
function grantedScopesOf(interaction: Interaction, settings: OidcClientSettings): string[] {
  const allowed = new Set(settings.scopes);
  const asked = (stringParam(interaction, 'scope') ?? '').split(' ').filter((scope) => allowed.has(scope));
  return [...new Set(asked)];
}
