import { randomUUID } from 'node:crypto';
import type { IdentityProviderInstance, ServiceProviderInstance } from 'samlify';
import { loginResponseTemplate } from '../../core/saml/login-response-template.js';
import type { IdpUrls } from '../../core/saml/idp-urls.js';
import type { SamlSettings } from '../../core/sso/saml-settings.js';
import { BINDING_URNS, NAME_ID_FORMAT_URNS } from '../../core/sso/saml-vocabulary.js';
import type { TenantRow } from '../../store/schema.js';
import type { IdpMetadataService } from './idp-metadata.js';
import type { ActiveSigningKey, SamlSigningKeys } from './saml-signing-keys.js';
import { samlify } from './samlify.js';

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** Gatehouse and one service provider as samlify sees them: the two ends of every message between them. */
export interface SamlPeers {
  idp: IdentityProviderInstance;
  sp: ServiceProviderInstance;
}

interface ServiceOfPeers {
  id: string;
  updatedAt: number;
  saml: SamlSettings;
}

/**
 * samlify entities built from a service's settings, the tenant's active key and its IdP URLs: what sign-on and
 * logout both speak with. Building one renders and parses metadata (milliseconds), so they are kept while the key,
 * the service and the IdP URLs stay the same.
 */
export class SamlPeerCache {
  private readonly peers = new Map<string, { version: string; peers: SamlPeers }>();

  constructor(
    private readonly keys: SamlSigningKeys,
    private readonly metadata: IdpMetadataService,
  ) {}

  /** The tenant's IdP URLs, as its metadata publishes them. */
  urlsOf(tenant: TenantRow, requestOrigin: string): IdpUrls {
    return this.metadata.urlsOf(tenant, requestOrigin);
  }

  async peersOf(tenant: TenantRow, service: ServiceOfPeers, requestOrigin: string): Promise<SamlPeers> {
    const urls = this.urlsOf(tenant, requestOrigin);
    const key = await this.keys.activeKey(tenant);
    return this.build(urls, key, service);
  }

  private build(urls: IdpUrls, key: ActiveSigningKey, service: ServiceOfPeers): SamlPeers {
    const version = `${key.id} ${service.updatedAt} ${urls.entityId}`;
    const cached = this.peers.get(service.id);
    if (cached?.version === version) return cached.peers;
    const peers = { idp: identityProvider(urls, key, service.saml), sp: serviceProvider(service.saml) };
    if (this.peers.size > 1000) this.peers.clear();
    this.peers.set(service.id, { version, peers });
    return peers;
  }
}

function identityProvider(urls: IdpUrls, key: ActiveSigningKey, saml: SamlSettings): IdentityProviderInstance {
  return samlify.IdentityProvider({
    entityID: urls.entityId,
    privateKey: key.privateKeyPem,
    signingCert: key.certificatePem,
    requestSignatureAlgorithm: RSA_SHA256,
    wantAuthnRequestsSigned: saml.requireSignedRequests,
    wantLogoutRequestSigned: saml.requireSignedRequests,
    isAssertionEncrypted: saml.encryptAssertion,
    nameIDFormat: [NAME_ID_FORMAT_URNS[saml.nameIdFormat]],
    singleSignOnService: [
      { Binding: BINDING_URNS['HTTP-Redirect'], Location: urls.singleSignOn },
      { Binding: BINDING_URNS['HTTP-POST'], Location: urls.singleSignOn },
    ],
    singleLogoutService: [
      { Binding: BINDING_URNS['HTTP-Redirect'], Location: urls.singleLogout },
      { Binding: BINDING_URNS['HTTP-POST'], Location: urls.singleLogout },
    ],
    // The attribute statement is in the template already (escaped there); an empty list keeps samlify from adding one.
    loginResponseTemplate: { context: loginResponseTemplate(saml.attributes), attributes: [] },
    // An NCName, as SAML IDs must be: never starting with a digit.
    generateID: () => `_${randomUUID()}`,
  });
}

function serviceProvider(saml: SamlSettings): ServiceProviderInstance {
  return samlify.ServiceProvider({
    entityID: saml.entityId,
    assertionConsumerService: saml.acsUrls.map((acs) => ({
      Binding: BINDING_URNS[acs.binding],
      Location: acs.url,
      isDefault: acs.isDefault,
    })),
    ...(saml.sloUrl
      ? { singleLogoutService: [{ Binding: BINDING_URNS[saml.sloBinding], Location: saml.sloUrl }] }
      : {}),
    ...(saml.signingCertificate ? { signingCert: saml.signingCertificate } : {}),
    ...(saml.encryptionCertificate ? { encryptCert: saml.encryptionCertificate } : {}),
    authnRequestsSigned: saml.requireSignedRequests,
    wantAssertionsSigned: saml.signing !== 'response',
    wantMessageSigned: saml.signing !== 'assertion',
    isAssertionEncrypted: saml.encryptAssertion,
    nameIDFormat: [NAME_ID_FORMAT_URNS[saml.nameIdFormat]],
  });
}
