import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * A Gatehouse Key device written independently of key/protocol (node:crypto instead of WebCrypto), so that the
 * server's protocol tests do not merely agree with the client they share code with.
 */
export class TestKeyDevice {
  readonly publicJwk: Record<string, string>;
  private readonly privateKey: KeyObject;
  deviceId = '';

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    this.publicJwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  }

  /** The Authorization header of docs/key-protocol.md §3 for this request. */
  authorization(
    method: string,
    pathAndQuery: string,
    body: string,
    options: { ts?: number; nonce?: string; key?: KeyObject } = {},
  ): string {
    const ts = String(options.ts ?? Date.now());
    const nonce = options.nonce ?? randomBytes(16).toString('base64url');
    const bodyHash = createHash('sha256').update(body, 'utf8').digest('base64url');
    const data = ['GatehouseKey-v1', method, pathAndQuery, ts, nonce, bodyHash].join('\n');
    const sig = sign('sha256', Buffer.from(data), {
      key: options.key ?? this.privateKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64url');
    return `GatehouseKey device="${this.deviceId}", ts="${ts}", nonce="${nonce}", sig="${sig}"`;
  }

  async call(
    baseUrl: string,
    method: string,
    path: string,
    json?: unknown,
    options: { ts?: number; nonce?: string; key?: KeyObject } = {},
  ) {
    const body = json === undefined ? '' : JSON.stringify(json);
    const headers: Record<string, string> = { authorization: this.authorization(method, path, body, options) };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(baseUrl + path, { method, headers, body: json === undefined ? undefined : body });
    const text = await response.text();
    return { status: response.status, json: <T>() => JSON.parse(text) as T, text };
  }
}
