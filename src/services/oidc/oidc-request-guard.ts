import type { RateReservation } from '../../store/rate-counters.js';
import type { AccessLogService } from '../access-log-service.js';
import type { RateGuard } from '../sign-in/guards/rate-guard.js';
import type { SignInClient } from '../sign-in/sign-in-context.js';
import type { TenantRow } from '../../store/schema.js';

/**
 * Limits per client address on the OpenID Provider's endpoints, counted in the database so that every server counts
 * together. An authorization request costs stored state before anybody signs in, so each one counts against the
 * address's SSO budget (shared with SAML). The endpoints that take a credential — a client secret, a code, a refresh
 * or access token — count only failures: a unit is reserved before the engine checks and given back when it
 * accepted, so that a well-behaved client is never slowed while guessing stops after a few dozen tries a minute.
 */
export class OidcRequestGuard {
  constructor(
    private readonly authorizations: RateGuard,
    private readonly failures: RateGuard,
    private readonly accessLog: AccessLogService,
  ) {}

  /** Whether this authorization request may go on; a refused one is an Access Log entry. */
  async admitAuthorization(tenant: TenantRow, client: SignInClient): Promise<boolean> {
    if (await this.authorizations.reserve(client.ip)) return true;
    await this.logThrottled(tenant, client);
    return false;
  }

  /** A unit of the address's failure budget, or null (and an Access Log entry) when it is spent. */
  async reserveFailure(tenant: TenantRow, client: SignInClient): Promise<RateReservation | null> {
    const reservation = await this.failures.reserve(client.ip);
    if (!reservation) await this.logThrottled(tenant, client);
    return reservation;
  }

  /** The engine accepted: the unit was not a failure after all. */
  async release(reservation: RateReservation): Promise<void> {
    await this.failures.release(reservation);
  }

  private async logThrottled(tenant: TenantRow, client: SignInClient): Promise<void> {
    await this.accessLog.record({
      tenantId: tenant.id,
      loginId: '',
      ip: client.ip,
      userAgent: client.userAgent,
      service: '',
      result: 'denied',
      reason: 'throttled',
      otpMethod: '',
    });
  }
}
