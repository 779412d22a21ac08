// The device key pair (protocol §2): ECDSA P-256. The private key is kept as a JWK because that is what both
// a JSON file (CLI) and IndexedDB/localStorage (web app) can hold; it never leaves the device.

export const DEVICE_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** The public part only, exactly the members the enrolment request carries. */
export interface EcPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface DeviceKeyPair {
  privateKeyJwk: JsonWebKey;
  publicKeyJwk: EcPublicJwk;
}

export async function generateDeviceKeyPair(): Promise<DeviceKeyPair> {
  const pair = await globalThis.crypto.subtle.generateKey(DEVICE_KEY_ALGORITHM, true, ['sign', 'verify']);
  const privateKeyJwk = await globalThis.crypto.subtle.exportKey('jwk', pair.privateKey);
  const publicJwk = await globalThis.crypto.subtle.exportKey('jwk', pair.publicKey);
  if (!publicJwk.x || !publicJwk.y) throw new Error('The generated public key has no coordinates.');
  return { privateKeyJwk, publicKeyJwk: { kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y } };
}

/** A signing key from the stored JWK; not extractable once imported, since nothing needs to read it back. */
export async function importSigningKey(privateKeyJwk: JsonWebKey): Promise<CryptoKey> {
  // Drop key_ops/ext written at export time: some engines refuse a JWK whose key_ops disagree with the usage.
  const { kty, crv, x, y, d } = privateKeyJwk;
  return globalThis.crypto.subtle.importKey('jwk', { kty, crv, x, y, d }, DEVICE_KEY_ALGORITHM, false, ['sign']);
}
