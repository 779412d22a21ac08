/**
 * An independent SAML service provider for the tests: @node-saml/node-saml (the library behind passport-saml),
 * which Gatehouse's code never uses. It makes the AuthnRequests, checks Gatehouse's responses its own way and
 * decrypts encrypted assertions; its keys are made by openssl, another implementation again.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SAML, type SamlConfig, ValidateInResponseTo } from '@node-saml/node-saml';

export interface KeyPair {
  privateKey: string;
  certificate: string;
}

/** A fresh RSA key and self-signed certificate from openssl. */
export function opensslKeyPair(commonName: string): KeyPair {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-sp-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    return { privateKey: readFileSync(key, 'utf8'), certificate: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TestSpOptions {
  entityId: string;
  acsUrl: string;
  /** Gatehouse's SSO endpoint, and the certificates the SP trusts (from the metadata). */
  idpSsoUrl: string;
  idpEntityId: string;
  idpCertificates: string[];
  identifierFormat?: string;
  /** Signs its AuthnRequests with this key (Redirect binding: the query signature). */
  signingKey?: KeyPair;
  /** The request signature's digest: sha256 unless a test needs an old one. */
  signatureAlgorithm?: 'sha1' | 'sha256';
  decryptionKey?: KeyPair;
  wantAssertionsSigned?: boolean;
  wantAuthnResponseSigned?: boolean;
  forceAuthn?: boolean;
  passive?: boolean;
  postBinding?: boolean;
  /** False: accept a response whatever its InResponseTo (the SP then checks only what it is given). */
  validateInResponseTo?: boolean;
  /** Gatehouse's single logout endpoint, and the SP's own, where the LogoutResponse comes back. */
  idpSloUrl?: string;
  spSloUrl?: string;
}

const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

export function testServiceProvider(options: TestSpOptions): SAML {
  const config: SamlConfig = {
    issuer: options.entityId,
    callbackUrl: options.acsUrl,
    entryPoint: options.idpSsoUrl,
    idpIssuer: options.idpEntityId,
    idpCert: options.idpCertificates.map(pemBody),
    audience: options.entityId,
    identifierFormat: options.identifierFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    wantAssertionsSigned: options.wantAssertionsSigned ?? true,
    wantAuthnResponseSigned: options.wantAuthnResponseSigned ?? true,
    validateInResponseTo:
      options.validateInResponseTo === false ? ValidateInResponseTo.never : ValidateInResponseTo.ifPresent,
    disableRequestedAuthnContext: true,
    forceAuthn: options.forceAuthn ?? false,
    passive: options.passive ?? false,
    authnRequestBinding: options.postBinding ? 'HTTP-POST' : 'HTTP-Redirect',
    acceptedClockSkewMs: 5000,
    ...(options.signingKey
      ? { privateKey: options.signingKey.privateKey, signatureAlgorithm: options.signatureAlgorithm ?? 'sha256' }
      : {}),
    ...(options.decryptionKey ? { decryptionPvk: options.decryptionKey.privateKey } : {}),
    ...(options.idpSloUrl ? { logoutUrl: options.idpSloUrl, logoutCallbackUrl: options.spSloUrl } : {}),
  };
  return new SAML(config);
}
