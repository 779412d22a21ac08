// SAML 2.0 service provider metadata for the tests, written the way service providers publish theirs. The
// certificates under test/fixtures/saml are public certificates only (made once with openssl; no key is kept).
import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'saml');

export const SP_SIGNING_PEM = readFileSync(path.join(FIXTURES, 'sp-signing.crt'), 'utf8');
export const SP_ENCRYPTION_PEM = readFileSync(path.join(FIXTURES, 'sp-encryption.crt'), 'utf8');
/** A certificate with an EC key, which Gatehouse refuses (it signs and encrypts with RSA). */
export const EC_PEM = readFileSync(path.join(FIXTURES, 'ec.crt'), 'utf8');

/** The base64 body of a PEM certificate, as metadata carries it in <ds:X509Certificate>. */
export function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const ARTIFACT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact';
export const BINDINGS = { POST, REDIRECT, ARTIFACT };

export interface SpMetadataOptions {
  entityId?: string;
  acs?: { location: string; binding?: string; index?: number; isDefault?: boolean }[];
  slo?: { location: string; binding: string }[];
  nameIdFormats?: string[];
  authnRequestsSigned?: boolean;
  wantAssertionsSigned?: boolean;
  signingCertificate?: string;
  encryptionCertificate?: string;
}

export function spMetadata(options: SpMetadataOptions = {}): string {
  const {
    entityId = 'https://sp.example.net/saml/metadata',
    acs = [{ location: 'https://sp.example.net/saml/acs', binding: POST, index: 0, isDefault: true }],
    slo = [{ location: 'https://sp.example.net/saml/slo', binding: REDIRECT }],
    nameIdFormats = ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    authnRequestsSigned = false,
    wantAssertionsSigned = true,
    signingCertificate,
    encryptionCertificate,
  } = options;
  const key = (use: string, pem: string) => `
    <md:KeyDescriptor use="${use}">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data><ds:X509Certificate>
${certificateBody(pem).replace(/(.{64})/g, '$1\n')}
        </ds:X509Certificate></ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:SPSSODescriptor AuthnRequestsSigned="${authnRequestsSigned}" WantAssertionsSigned="${wantAssertionsSigned}"
      protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${signingCertificate ? key('signing', signingCertificate) : ''}${
        encryptionCertificate ? key('encryption', encryptionCertificate) : ''
      }
${slo.map((s) => `    <md:SingleLogoutService Binding="${s.binding}" Location="${s.location}"/>`).join('\n')}
${nameIdFormats.map((f) => `    <md:NameIDFormat>${f}</md:NameIDFormat>`).join('\n')}
${acs
  .map(
    (a, i) =>
      `    <md:AssertionConsumerService Binding="${a.binding ?? POST}" Location="${a.location}" index="${a.index ?? i}"${
        a.isDefault === undefined ? '' : ` isDefault="${a.isDefault}"`
      }/>`,
  )
  .join('\n')}
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`;
}
