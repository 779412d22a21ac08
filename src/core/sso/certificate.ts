import { X509Certificate } from 'node:crypto';
import { ValidationError } from '../validation-error.js';

/** A certificate pasted into a form: a PEM block, or the bare base64 that metadata and many consoles show. */
export const MAX_CERTIFICATE_LENGTH = 16_384;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * The certificate of `text` as canonical PEM, or '' for an empty text. It must be one X.509 certificate holding
 * an RSA key: Gatehouse verifies AuthnRequest signatures with RSA-SHA256 and encrypts assertions with RSA-OAEP.
 * Expiry is not checked: SAML service providers commonly keep self-signed certificates long past their dates,
 * and only the key inside is used.
 */
export function normalizeCertificate(value: unknown, field: string, label: string): string {
  if (typeof value !== 'string') throw new ValidationError(`${label} must be text.`, field);
  const text = value.trim();
  if (text === '') return '';
  if (text.length > MAX_CERTIFICATE_LENGTH)
    throw new ValidationError(`${label} is longer than ${MAX_CERTIFICATE_LENGTH} characters.`, field);
  const blocks = [...text.matchAll(PEM_BLOCK)];
  let base64: string;
  if (blocks.length > 0) {
    if (blocks.length > 1)
      throw new ValidationError(`${label} must hold one certificate; this text holds ${blocks.length} blocks.`, field);
    const [block] = blocks;
    if (block?.[1] !== 'CERTIFICATE')
      throw new ValidationError(
        `${label} must be a certificate (-----BEGIN CERTIFICATE-----), not ${block?.[1]?.toLowerCase() ?? 'this'}.`,
        field,
      );
    base64 = block[2] ?? '';
  } else base64 = text;
  const compact = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact))
    throw new ValidationError(`${label} is not a PEM certificate (-----BEGIN CERTIFICATE----- ...).`, field);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(compact, 'base64'));
  } catch {
    throw new ValidationError(`${label} is not a valid X.509 certificate.`, field);
  }
  if (certificate.publicKey.asymmetricKeyType !== 'rsa')
    throw new ValidationError(`${label} must hold an RSA key (this one holds ${describeKey(certificate)}).`, field);
  return certificate.toString();
}

function describeKey(certificate: X509Certificate): string {
  const type = certificate.publicKey.asymmetricKeyType;
  return type ? `an ${type.toUpperCase()} key` : 'another kind of key';
}

/** What the Admin Operation Logs and the console show of a certificate instead of its whole text. */
export interface CertificateSummary {
  subject: string;
  validTo: string;
  sha256Fingerprint: string;
}

export function summarizeCertificate(pem: string): CertificateSummary {
  const certificate = new X509Certificate(pem);
  return {
    subject: certificate.subject.replace(/\n/g, ', '),
    validTo: new Date(certificate.validTo).toISOString(),
    sha256Fingerprint: certificate.fingerprint256,
  };
}
