import { type IdpUrls, idpUrlsOf } from '../../core/saml/idp-urls.js';
import type { TenantRow } from '../../store/schema.js';
import type { SamlSigningKeys } from './saml-signing-keys.js';
import { samlify } from './samlify.js';

const { namespace } = samlify.Constants;

/** The NameID formats a service provider may ask for (issue 9 §2). */
export const IDP_NAME_ID_FORMATS = [
  namespace.format.emailAddress,
  namespace.format.unspecified,
  namespace.format.persistent,
  namespace.format.transient,
];

/**
 * The children of IDPSSODescriptor in the order the SAML metadata schema's sequence demands (SSODescriptorType's
 * KeyDescriptor, SingleLogoutService, NameIDFormat, then IDPSSODescriptorType's SingleSignOnService). samlify's
 * default puts NameIDFormat before SingleLogoutService, which a validating service provider rejects.
 */
const SCHEMA_ORDER = ['KeyDescriptor', 'SingleLogoutService', 'NameIDFormat', 'SingleSignOnService'];

/**
 * The IdP's EntityDescriptor, made by samlify (its XML writer escapes every value). Every certificate given is a
 * signing KeyDescriptor: during a rotation the metadata carries the active, the next and the previous one.
 */
export function buildIdpMetadata(urls: IdpUrls, signingCertificates: readonly string[]): string {
  const bindings = [namespace.binding.redirect, namespace.binding.post];
  return samlify
    .IdPMetadata({
      entityID: urls.entityId,
      signingCert: [...signingCertificates],
      // Signed AuthnRequests are a per-service setting (issue 9 §2), checked at the SSO endpoint.
      wantAuthnRequestsSigned: false,
      nameIDFormat: IDP_NAME_ID_FORMATS,
      singleSignOnService: bindings.map((binding) => ({ Binding: binding, Location: urls.singleSignOn })),
      singleLogoutService: bindings.map((binding) => ({ Binding: binding, Location: urls.singleLogout })),
      elementsOrder: SCHEMA_ORDER,
    })
    .getMetadata();
}

/** What a service provider is given to trust the IdP: its metadata, or the certificate alone. */
export class IdpMetadataService {
  constructor(
    private readonly keys: SamlSigningKeys,
    private readonly publicUrl: URL | undefined,
  ) {}

  /**
   * The tenant's IdP URLs under GATEHOUSE_PUBLIC_URL. Without it, under the origin the request came to: fine for a
   * trial, but the entity ID then depends on the name the server was reached by, so SAML needs the setting.
   */
  urlsOf(tenant: TenantRow, requestOrigin: string): IdpUrls {
    return idpUrlsOf(this.publicUrl?.href ?? requestOrigin, tenant.domain);
  }

  async metadata(tenant: TenantRow, requestOrigin: string): Promise<string> {
    return buildIdpMetadata(this.urlsOf(tenant, requestOrigin), await this.keys.publishedCertificates(tenant));
  }

  /**
   * The certificate that signs now (PEM), as the database says: like the metadata, a download shows a rotation made
   * on another server at once, while that server's signing follows within a second (ACTIVE_KEY_CACHE_MS).
   */
  async activeCertificate(tenant: TenantRow): Promise<string> {
    const [active] = await this.keys.publishedCertificates(tenant);
    if (!active) throw new Error(`tenant ${tenant.domain} has no active SAML signing certificate`);
    return active;
  }
}
