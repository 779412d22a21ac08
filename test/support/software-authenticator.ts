import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type { AuthenticationResponse } from '../../src/contract/portal/passkey-sign-in.js';
import type { RegistrationResponse } from '../../src/contract/portal/passkeys.js';

/**
 * A small WebAuthn authenticator in software, for integration tests that need real registration responses without
 * a browser: a node:crypto key pair, clientDataJSON, and a CBOR attestation object with fmt "none" (WebAuthn §6.5,
 * §8.7). Every field can be bent to build the bad inputs a server must refuse.
 */

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor> | Cbor[];

function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const out = Buffer.alloc(5);
  out[0] = (major << 5) | 26;
  out.writeUInt32BE(length, 1);
  return out;
}

/** The few CBOR types WebAuthn needs (RFC 8949): integers, byte and text strings, arrays and maps, in given order. */
export function encodeCbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(encodeCbor)]);
  const parts = [cborHead(5, value.size)];
  for (const [k, v] of value) parts.push(encodeCbor(k), encodeCbor(v));
  return Buffer.concat(parts);
}

const b64u = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

export type KeyAlgorithm = 'ES256' | 'RS256' | 'EdDSA';

function keyPairFor(algorithm: KeyAlgorithm) {
  if (algorithm === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // RS256 is RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8812); 2048 bits, as Windows Hello's RSA keys.
  if (algorithm === 'RS256') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  return generateKeyPairSync('ed25519');
}

export interface CreateOptions {
  /** The origin the "browser" reports in clientDataJSON. */
  origin: string;
  /** Another RP ID than the options' own, to forge a response for another site. */
  rpId?: string;
  /** Another challenge than the options' own. */
  challenge?: string;
  type?: string;
  userVerified?: boolean;
}

/** The options as the server sends them (PublicKeyCredentialCreationOptionsJSON), the parts used here. */
export interface CreationOptionsJSON {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string };
  [key: string]: unknown;
}

export class SoftwareAuthenticator {
  /** All zeros, as a software authenticator without a model identity would say. */
  readonly aaguid = Buffer.alloc(16);
  readonly credentialId = randomBytes(32);
  private readonly publicKey: KeyObject;
  private readonly privateKey: KeyObject;
  signCount = 0;
  /** The user handle the server gave at registration (base64url), handed back by every assertion, as a passkey does. */
  userHandle: string | undefined;

  constructor(readonly algorithm: KeyAlgorithm = 'ES256') {
    const pair = keyPairFor(algorithm);
    this.publicKey = pair.publicKey;
    this.privateKey = pair.privateKey;
  }

  get credentialIdBase64url(): string {
    return b64u(this.credentialId);
  }

  /**
   * The public key as COSE_Key (RFC 9053, RFC 8230): EC2 P-256 with alg ES256 (-7), RSA with alg RS256 (-257:
   * modulus n at -1, exponent e at -2), or OKP Ed25519 with alg EdDSA (-8).
   */
  cosePublicKey(): Buffer {
    const jwk = this.publicKey.export({ format: 'jwk' });
    if (this.algorithm === 'RS256')
      return encodeCbor(
        new Map<Cbor, Cbor>([
          [1, 3],
          [3, -257],
          [-1, Buffer.from(jwk.n ?? '', 'base64url')],
          [-2, Buffer.from(jwk.e ?? '', 'base64url')],
        ]),
      );
    const x = Buffer.from(jwk.x ?? '', 'base64url');
    if (this.algorithm === 'EdDSA')
      return encodeCbor(
        new Map<Cbor, Cbor>([
          [1, 1],
          [3, -8],
          [-1, 6],
          [-2, x],
        ]),
      );
    return encodeCbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, x],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    );
  }

  /** Authenticator data with attested credential data (WebAuthn §6.1): UP, optionally UV, AT. */
  authenticatorData(rpId: string, userVerified: boolean): Buffer {
    const flags = 0x01 | (userVerified ? 0x04 : 0) | 0x40;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.signCount);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    return Buffer.concat([
      createHash('sha256').update(rpId).digest(),
      Buffer.from([flags]),
      count,
      this.aaguid,
      idLength,
      this.credentialId,
      this.cosePublicKey(),
    ]);
  }

  /** What navigator.credentials.create() would answer, in @simplewebauthn/browser's JSON form. */
  create(options: CreationOptionsJSON, how: CreateOptions): RegistrationResponse {
    const rpId = how.rpId ?? options.rp.id ?? new URL(how.origin).hostname;
    this.userHandle = options.user.id;
    const clientDataJSON = JSON.stringify({
      type: how.type ?? 'webauthn.create',
      challenge: how.challenge ?? options.challenge,
      origin: how.origin,
      crossOrigin: false,
    });
    const attestationObject = encodeCbor(
      new Map<Cbor, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', this.authenticatorData(rpId, how.userVerified ?? true)],
      ]),
    );
    return {
      id: this.credentialIdBase64url,
      rawId: this.credentialIdBase64url,
      type: 'public-key',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        attestationObject: b64u(attestationObject),
        transports: ['internal'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /**
   * What navigator.credentials.get() would answer (WebAuthn §6.3.3, §7.2): authenticator data with UP (and UV) and
   * the signature counter, signed over authData || SHA-256(clientDataJSON). `counter` overrides the running count
   * (which otherwise goes up by one per assertion); `signWith` signs with another authenticator's key.
   */
  get(options: RequestOptionsJSON, how: GetOptions): AuthenticationResponse {
    const rpId = how.rpId ?? options.rpId ?? new URL(how.origin).hostname;
    if (how.counter === undefined) this.signCount += 1;
    const counter = how.counter ?? this.signCount;
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: how.type ?? 'webauthn.get',
        challenge: how.challenge ?? options.challenge,
        origin: how.origin,
        crossOrigin: false,
      }),
      'utf8',
    );
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const flags = 0x01 | ((how.userVerified ?? true) ? 0x04 : 0);
    const authData = Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), count]);
    const signed = Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]);
    const key = (how.signWith ?? this).privateKey;
    // ES256 and RS256 hash with SHA-256 (an RSA key signs PKCS#1 v1.5 by default); Ed25519 takes the message whole.
    const signature = sign(this.algorithm === 'EdDSA' ? null : 'sha256', signed, key);
    const id = how.credentialId ?? this.credentialIdBase64url;
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        ...(how.userHandle === null ? {} : { userHandle: how.userHandle ?? this.userHandle }),
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }
}

/** Request options as the server sends them (PublicKeyCredentialRequestOptionsJSON), the parts used here. */
export interface RequestOptionsJSON {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
  [key: string]: unknown;
}

export interface GetOptions {
  origin: string;
  rpId?: string;
  challenge?: string;
  type?: string;
  userVerified?: boolean;
  counter?: number;
  credentialId?: string;
  signWith?: SoftwareAuthenticator;
  /** Another user handle than the one of registration, or null for none. */
  userHandle?: string | null;
}
