import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/database.js';
import { findKeyDevice, rememberNonce, touchKeyDevice } from '../../store/key-devices.js';
import type { KeyDeviceRow } from '../../store/schema.js';
import { verifyDeviceSignature } from './device-key.js';

/** How far a request's timestamp may be from the server's clock (docs/key-protocol.md §3). */
export const SIGNATURE_WINDOW_MS = 120_000;

export class DeviceAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceAuthError';
  }
}

export interface SignedRequest {
  method: string;
  pathAndQuery: string;
  authorization: string | undefined;
  body: string;
}

/** The text a device signs; any change to method, path, time, nonce or body breaks the signature. */
export function canonicalRequest(
  method: string,
  pathAndQuery: string,
  ts: string,
  nonce: string,
  body: string,
): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('base64url');
  return ['GatehouseKey-v1', method.toUpperCase(), pathAndQuery, ts, nonce, bodyHash].join('\n');
}

function parseAuthorization(header: string | undefined): Record<string, string> | null {
  if (!header?.startsWith('GatehouseKey ')) return null;
  const fields: Record<string, string> = {};
  for (const match of header.slice('GatehouseKey '.length).matchAll(/(\w+)="([^"]*)"/g))
    fields[match[1] as string] = match[2] as string;
  return fields.device && fields.ts && fields.nonce && fields.sig ? fields : null;
}

/** Checks a signed device request: known device, fresh timestamp, unused nonce, valid signature. */
export class DeviceRequestVerifier {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async verify(request: SignedRequest): Promise<KeyDeviceRow> {
    const fields = parseAuthorization(request.authorization);
    if (!fields) throw new DeviceAuthError('Sign the request with the device key (Authorization: GatehouseKey …).');
    const { device: deviceId = '', ts = '', nonce = '', sig = '' } = fields;
    const device = /^[0-9a-f-]{36}$/.test(deviceId) ? await findKeyDevice(this.store.db, deviceId) : undefined;
    if (!device)
      throw new DeviceAuthError('This device is not registered (it may have been replaced by a newer enrolment).');
    const now = this.clock.now();
    const time = Number(ts);
    if (!/^\d{1,16}$/.test(ts) || Math.abs(now - time) > SIGNATURE_WINDOW_MS)
      throw new DeviceAuthError("The request's timestamp is too far from the server's clock.");
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) throw new DeviceAuthError('The request has no valid nonce.');
    const data = canonicalRequest(request.method, request.pathAndQuery, ts, nonce, request.body);
    if (!verifyDeviceSignature(device.public_key, data, Buffer.from(sig, 'base64url')))
      throw new DeviceAuthError('The request signature does not verify.');
    // Only a verified request may spend a nonce, or anyone could burn a device's nonces.
    if (!(await rememberNonce(this.store.db, device.id, nonce, time + SIGNATURE_WINDOW_MS, now)))
      throw new DeviceAuthError('This request was already received (replayed nonce).');
    await touchKeyDevice(this.store.db, device.id, now);
    return device;
  }
}
