import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { Services } from '../../../services/services.js';
import type { TenantRow } from '../../../store/schema.js';
import { oidcIssuerOf } from '../../../core/sso/idp-endpoints.js';
import { createOidcEngine, type OidcEngineDependencies } from './oidc-engine.js';
import { logEngineErrors } from './oidc-engine-errors.js';
import { endGatehouseSessionOnLogout } from './oidc-logout.js';

interface BuiltEngine {
  provider: Provider;
  /** What it was built from: keys, claim names and scopes, issuer. A change of any of them builds a new one. */
  fingerprint: string;
}

/**
 * The OpenID Providers of the tenants, one per tenant and issuer, built at first use and rebuilt when what they
 * were built with changes (a key rotation, a new claim name or scope). What they store is in the database, so a
 * rebuilt engine, or one on another server, carries on where the last one was.
 */
export class OidcEngines {
  private readonly engines = new Map<string, BuiltEngine>();

  constructor(
    private readonly services: Services,
    private readonly deps: Omit<OidcEngineDependencies, 'directory'>,
    private readonly logger: Logger,
  ) {}

  /** `base` is GATEHOUSE_PUBLIC_URL, or the request's origin when it is unset. */
  async engineFor(tenant: TenantRow, base: string): Promise<Provider> {
    const issuer = oidcIssuerOf(base, tenant.domain);
    const [keySet, vocabulary] = await Promise.all([
      this.services.oidcSigningKeys.keySetFor(tenant),
      this.services.oidcDirectory.vocabulary(tenant),
    ]);
    const fingerprint = JSON.stringify([keySet.version, vocabulary]);
    const key = `${tenant.id} ${issuer}`;
    const built = this.engines.get(key);
    if (built?.fingerprint === fingerprint) return built.provider;
    const provider = createOidcEngine(
      { ...this.deps, directory: this.services.oidcDirectory },
      { tenant, issuer, keys: keySet.keys, vocabulary },
    );
    logEngineErrors(provider, tenant, this.services.accessLog, this.logger);
    endGatehouseSessionOnLogout(provider, this.services.sessions);
    this.engines.set(key, { provider, fingerprint });
    return provider;
  }
}
