import { X509Certificate, createPrivateKey, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

/**
 * RSA 3072: the certificate is valid for SIGNING_CERTIFICATE_YEARS, and NIST SP 800-57 gives 2048-bit RSA (112-bit
 * strength) only until 2030, 3072 (128-bit) beyond. Every SAML service provider we know of accepts 3072.
 */
export const SIGNING_KEY_BITS = 3072;
/**
 * Ten years: SAML service providers trust the certificate they were given, not a chain, and many do not check its
 * dates at all; the ones that do should not break on a date nobody planned for. Keys change by rotation instead.
 */
export const SIGNING_CERTIFICATE_YEARS = 10;
/** Starts a little in the past, so that a service provider whose clock runs behind accepts it from the first minute. */
const NOT_BEFORE_SLACK_MS = 60 * 60_000;
/** X.520's upper bound for a common name; a tenant's domain may be longer (up to 253). */
const MAX_COMMON_NAME = 64;

export interface SigningCertificate {
  certificatePem: string;
  /** PKCS#8 PEM: the caller seals it at once. */
  privateKeyPem: string;
  notBefore: number;
  notAfter: number;
}

const generateRsaKeyPair = promisify(generateKeyPair);

/**
 * A new RSA key and its self-signed X.509 certificate (SHA-256 with RSA) for a tenant's SAML signatures. The key is
 * made by Node's crypto (off the event loop); node-forge only encodes and signs the certificate. The result is read
 * back with Node's own X.509 parser before anyone sees it.
 */
export async function createSigningCertificate(domain: string, now: number): Promise<SigningCertificate> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', {
    modulusLength: SIGNING_KEY_BITS,
    publicExponent: 0x10001,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const notBefore = new Date(now - NOT_BEFORE_SLACK_MS);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + SIGNING_CERTIFICATE_YEARS);

  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive 128-bit serial: unique enough that two certificates of one name never share one.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  certificate.serialNumber = serial.toString('hex');
  certificate.validity.notBefore = notBefore;
  certificate.validity.notAfter = notAfter;
  const name = [
    { shortName: 'CN', value: domain.slice(0, MAX_COMMON_NAME) },
    { shortName: 'O', value: 'Gatehouse' },
    { shortName: 'OU', value: 'SAML IdP signing' },
  ];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(certificate).replace(/\r\n/g, '\n');

  const parsed = new X509Certificate(certificatePem);
  if (!parsed.verify(parsed.publicKey) || !parsed.checkPrivateKey(createPrivateKey(privateKey)))
    throw new Error('the new SAML signing certificate does not match its key');
  return { certificatePem, privateKeyPem: privateKey, notBefore: notBefore.getTime(), notAfter: notAfter.getTime() };
}

/** SHA-256 of the certificate's DER, as colon-separated hex pairs: what service providers' consoles show. */
export function certificateFingerprint(certificatePem: string): string {
  return new X509Certificate(certificatePem).fingerprint256;
}
