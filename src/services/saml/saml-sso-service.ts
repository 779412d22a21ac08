import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { randomToken } from '../../core/ids.js';
import { SSO_MESSAGES } from '../../core/messages.js';
import {
  type AuthnRequestFields,
  decodeSamlRequest,
  readAuthnRequest,
  UnreadableRequest,
} from '../../core/saml/authn-request.js';
import type { SamlSettings } from '../../core/sso/saml-settings.js';
import type { AccessLogReason } from '../../core/access-log-reasons.js';
import type { Store } from '../../store/database.js';
import { findSamlServiceByEntityId, findService } from '../../store/connected-services.js';
import type { ConnectedServiceRow, SsoRequestRow, TenantRow } from '../../store/schema.js';
import { claimSsoAnswer, insertSsoRequest } from '../../store/sso-requests.js';
import type { AccessLogService } from '../access-log-service.js';
import type { ActiveSession } from '../session-service.js';
import type { SignInClient } from '../sign-in/sign-in-context.js';
import type { OtpStepUp } from '../sign-in/otp-step-up.js';
import type { SignInOutcome } from '../sign-in/sign-in-outcome.js';
import { samlServiceSettingsOf } from '../sso/connected-service-rows.js';
import type { ServiceAccess } from '../sso/service-access.js';
import {
  checkAuthnRequest,
  createLoginResponse,
  createStatusResponse,
  type IncomingSamlRequest,
} from './saml-messages.js';
import { type SamlPeerCache, type SamlPeers } from './saml-peers.js';
import type { RateGuard } from '../sign-in/guards/rate-guard.js';
import { assertionOf } from './saml-assertion.js';
import { recordSsoAccess } from '../sso/sso-access-log.js';

/** A request older than this (or this far in the future) is refused: clocks differ by seconds, not minutes. */
export const REQUEST_MAX_AGE_MS = 5 * 60_000;
/** How long a request waits for its user to sign in. */
export const SSO_REQUEST_LIFETIME_MS = 30 * 60_000;
/** The validity of an assertion: long enough to cross the browser, short enough that a copy is soon worthless. */
export const ASSERTION_LIFETIME_MS = 5 * 60_000;

export type SsoOutcome =
  | { kind: 'refused'; status: number; reason: AccessLogReason; message: string; serviceName?: string }
  | { kind: 'sign-in'; requestId: string }
  | { kind: 'step-up'; outcome: Extract<SignInOutcome, { kind: 'go-to-step' | 'login-form' }>; serviceName: string }
  | { kind: 'post'; url: string; serviceName: string; fields: Record<string, string> };

const REFUSAL_MESSAGES: Partial<Record<AccessLogReason, string>> = {
  'sso-bad-request': SSO_MESSAGES.badRequest,
  'sso-unknown-service': SSO_MESSAGES.unknownService,
  'sso-bad-signature': SSO_MESSAGES.badSignature,
  'sso-unregistered-url': SSO_MESSAGES.unregisteredUrl,
  'sso-replayed': SSO_MESSAGES.replayed,
  'sso-expired': SSO_MESSAGES.expired,
  'service-not-allowed': SSO_MESSAGES.serviceNotAllowed,
  'service-denied': SSO_MESSAGES.serviceDenied,
  'policy-denied': SSO_MESSAGES.policyDenied,
  throttled: SSO_MESSAGES.throttled,
};

export interface SamlSsoDependencies {
  store: Store;
  clock: Clock;
  peers: SamlPeerCache;
  access: ServiceAccess;
  stepUp: OtpStepUp;
  accessLog: AccessLogService;
  /** Requests per client address: each costs a schema validation, so a flood is cut off before parsing. */
  requestThrottle: RateGuard;
}

/**
 * SAML 2.0 single sign-on (SPEC §6): a service's AuthnRequest, or a tile of the portal, becomes a waiting SSO
 * request; the one sign-in flow runs if nobody is signed in (or the service forces it), the user's group and the
 * service decide, a session without OTP is stepped up when the service requires OTP, and the answer is a signed
 * Response posted by the browser to an address the service registered, once per request. Every refusal is an
 * Access Log entry and a page for the user; nothing is posted to the service then.
 */
export class SamlSsoService {
  constructor(private readonly deps: SamlSsoDependencies) {}

  /** A service's AuthnRequest arrived at /saml/<domain>/sso. */
  async receive(
    tenant: TenantRow,
    incoming: IncomingSamlRequest,
    client: SignInClient,
    requestOrigin: string,
  ): Promise<SsoOutcome> {
    if (!(await this.deps.requestThrottle.reserve(client.ip))) return this.refuse(tenant, client, 'throttled', 429);
    let fields: AuthnRequestFields;
    try {
      fields = readAuthnRequest(decodeSamlRequest(incoming.samlRequest, incoming.binding));
      // samlify reads a POST-binding request as plain base64: hand it the XML as the binding has it.
      if (incoming.binding === 'post')
        incoming = { ...incoming, samlRequest: Buffer.from(fields.xml).toString('base64') };
    } catch (error) {
      if (!(error instanceof UnreadableRequest)) throw error;
      return this.refuse(tenant, client, 'sso-bad-request', 400);
    }
    const row = await findSamlServiceByEntityId(this.deps.store.db, tenant.id, fields.issuer);
    // The entity ID the request claims goes to the Access Log, for the administrator; never onto the page.
    if (!row || row.status !== 'enabled')
      return this.refuse(tenant, client, 'sso-unknown-service', 403, undefined, null, fields.issuer);
    const service = samlServiceSettingsOf(row);
    const peers = await this.peersOf(tenant, row, service.saml, requestOrigin);
    const check = await checkAuthnRequest(peers, incoming);
    if (check !== 'valid')
      return this.refuse(
        tenant,
        client,
        check === 'bad-signature' ? 'sso-bad-signature' : 'sso-bad-request',
        400,
        service.name,
      );
    if (fields.destination && fields.destination !== this.deps.peers.urlsOf(tenant, requestOrigin).singleSignOn)
      return this.refuse(tenant, client, 'sso-bad-request', 400, service.name);
    if (fields.protocolBinding && fields.protocolBinding !== 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST')
      return this.refuse(tenant, client, 'sso-bad-request', 400, service.name);
    const now = this.deps.clock.now();
    if (Math.abs(now - fields.issueInstant) > REQUEST_MAX_AGE_MS)
      return this.refuse(tenant, client, 'sso-expired', 400, service.name);
    const replyUrl = replyUrlOf(service.saml.acsUrls, fields);
    if (!replyUrl) return this.refuse(tenant, client, 'sso-unregistered-url', 400, service.name);
    const request: SsoRequestRow = {
      id: randomToken(16),
      tenant_id: tenant.id,
      service_id: row.id,
      protocol: 'saml',
      request_id: fields.id,
      reply_url: replyUrl,
      relay_state: incoming.relayState,
      force_authn: fields.forceAuthn ? 1 : 0,
      is_passive: fields.isPassive ? 1 : 0,
      created_at: now,
      expires_at: now + SSO_REQUEST_LIFETIME_MS,
      answered_at: 0,
    };
    if (!(await insertSsoRequest(this.deps.store.db, request)))
      return this.refuse(tenant, client, 'sso-replayed', 400, service.name);
    return { kind: 'sign-in', requestId: request.id };
  }

  /** A request too large to read at all. */
  refuseUnread(tenant: TenantRow, client: SignInClient): Promise<SsoOutcome> {
    return this.refuse(tenant, client, 'sso-bad-request', 400);
  }

  /** A portal tile: IdP-initiated sign-on, answered at the service's default ACS URL. */
  async startFromPortal(tenant: TenantRow, serviceId: string, client: SignInClient): Promise<SsoOutcome> {
    const row = await findService(this.deps.store.db, tenant.id, serviceId);
    if (!row || row.status !== 'enabled' || row.type !== 'saml')
      return this.refuse(tenant, client, 'sso-unknown-service', 404);
    const service = samlServiceSettingsOf(row);
    const defaultAcs = service.saml.acsUrls.find((acs) => acs.isDefault) ?? service.saml.acsUrls[0];
    if (!defaultAcs) return this.refuse(tenant, client, 'sso-unregistered-url', 400, service.name);
    const now = this.deps.clock.now();
    const request: SsoRequestRow = {
      id: randomToken(16),
      tenant_id: tenant.id,
      service_id: row.id,
      protocol: 'saml',
      request_id: '',
      reply_url: defaultAcs.url,
      relay_state: '',
      force_authn: 0,
      is_passive: 0,
      created_at: now,
      expires_at: now + SSO_REQUEST_LIFETIME_MS,
      answered_at: 0,
    };
    await insertSsoRequest(this.deps.store.db, request);
    return { kind: 'sign-in', requestId: request.id };
  }

  /**
   * The waiting request, now that the browser comes back (at once, or after signing in): who is signed in decides
   * whether the sign-in runs first, the policy decides whether the service is allowed, and the answer is sent.
   */
  async resume(
    tenant: TenantRow,
    request: SsoRequestRow | undefined,
    active: ActiveSession | null,
    client: SignInClient,
    requestOrigin: string,
  ): Promise<SsoOutcome> {
    const now = this.deps.clock.now();
    if (!request || request.protocol !== 'saml' || request.answered_at !== 0 || request.expires_at <= now)
      return this.refuse(tenant, client, 'sso-expired', 400, undefined, active);
    const row = await findService(this.deps.store.db, tenant.id, request.service_id);
    if (!row || row.status !== 'enabled')
      return this.refuse(tenant, client, 'sso-unknown-service', 403, undefined, active);
    const service = samlServiceSettingsOf(row);
    const signedInForIt = active && (!request.force_authn || active.session.created_at >= request.created_at);
    if (!signedInForIt) {
      if (!request.is_passive) return { kind: 'sign-in', requestId: request.id };
      return this.answerNoPassive(tenant, request, row, service.saml, requestOrigin);
    }
    const decision = await this.deps.access.decide(tenant, active.user, row, {
      ip: client.ip,
      now,
      passCookie: client.passCookie,
    });
    if (!decision.allowed) return this.refuse(tenant, client, decision.reason, 403, service.name, active);
    if (decision.otpRequired && active.session.otp_verified_at === 0) {
      const outcome = await this.deps.stepUp.begin(tenant, active.user, client, {
        keepMeLoggedIn: active.session.persistent === 1,
        returnTo: { kind: 'sso', requestId: request.id },
      });
      await this.log(
        tenant,
        client,
        outcome.kind === 'go-to-step' ? 'otp-step-up' : 'otp-not-configured',
        service.name,
        active,
      );
      return { kind: 'step-up', outcome, serviceName: service.name };
    }
    if (!(await claimSsoAnswer(this.deps.store.db, request.id, now)))
      return this.refuse(tenant, client, 'sso-expired', 400, service.name, active);
    const peers = await this.peersOf(tenant, row, service.saml, requestOrigin);
    const samlResponse = await createLoginResponse(peers, {
      ...assertionOf(row, service.saml, active, decision.groupName),
      destination: request.reply_url,
      inResponseTo: request.request_id || null,
      sessionIndex: sessionIndexOf(active),
      now,
      lifetimeMs: ASSERTION_LIFETIME_MS,
    });
    await this.log(tenant, client, 'allowed', service.name, active);
    return {
      kind: 'post',
      url: request.reply_url,
      serviceName: service.name,
      fields: postFields(samlResponse, request.relay_state),
    };
  }

  private async answerNoPassive(
    tenant: TenantRow,
    request: SsoRequestRow,
    row: ConnectedServiceRow,
    saml: SamlSettings,
    origin: string,
  ) {
    const now = this.deps.clock.now();
    if (!(await claimSsoAnswer(this.deps.store.db, request.id, now)))
      return { kind: 'refused', status: 400, reason: 'sso-expired', message: SSO_MESSAGES.expired } as const;
    const peers = await this.peersOf(tenant, row, saml, origin);
    const samlResponse = createStatusResponse(peers, {
      destination: request.reply_url,
      inResponseTo: request.request_id,
      status: 'urn:oasis:names:tc:SAML:2.0:status:NoPassive',
      now,
    });
    return {
      kind: 'post',
      url: request.reply_url,
      serviceName: row.name,
      fields: postFields(samlResponse, request.relay_state),
    } as const;
  }

  private peersOf(tenant: TenantRow, row: ConnectedServiceRow, saml: SamlSettings, origin: string): Promise<SamlPeers> {
    return this.deps.peers.peersOf(tenant, { id: row.id, updatedAt: row.updated_at, saml }, origin);
  }

  private async refuse(
    tenant: TenantRow,
    client: SignInClient,
    reason: AccessLogReason,
    status: number,
    serviceName?: string,
    active?: ActiveSession | null,
    loggedService = serviceName ?? '',
  ): Promise<SsoOutcome> {
    await this.log(tenant, client, reason, loggedService, active ?? null);
    return {
      kind: 'refused',
      status,
      reason,
      message: REFUSAL_MESSAGES[reason] ?? SSO_MESSAGES.badRequest,
      serviceName,
    };
  }

  private async log(
    tenant: TenantRow,
    client: SignInClient,
    reason: AccessLogReason,
    service: string,
    active: ActiveSession | null,
  ): Promise<void> {
    await recordSsoAccess(this.deps.accessLog, { tenant, client, reason, service, active });
  }
}

/** The address asked for, only if the service registered it; by index; or the default one. Never anything else. */
function replyUrlOf(
  acsUrls: readonly { url: string; index: number; isDefault: boolean }[],
  fields: AuthnRequestFields,
): string | undefined {
  if (fields.acsUrl) return acsUrls.find((acs) => acs.url === fields.acsUrl)?.url;
  if (fields.acsIndex !== null) return acsUrls.find((acs) => acs.index === fields.acsIndex)?.url;
  return (acsUrls.find((acs) => acs.isDefault) ?? acsUrls[0])?.url;
}

/** Names the session to the service without revealing its ID; the same session always gives the same index. */
function sessionIndexOf(active: ActiveSession): string {
  return `_${createHash('sha256').update(active.session.id).digest('base64url')}`;
}

function postFields(samlResponse: string, relayState: string): Record<string, string> {
  return relayState ? { SAMLResponse: samlResponse, RelayState: relayState } : { SAMLResponse: samlResponse };
}
