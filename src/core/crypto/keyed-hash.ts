import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 under a key derived from the master key for one purpose. Used where only a hash may be stored
 * (email codes, emergency token lookup): without the server key a stolen database cannot brute-force
 * six-digit codes offline.
 */
export class KeyedHash {
  private readonly key: Buffer;

  constructor(masterKey: Buffer, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `gatehouse keyed-hash ${purpose}`, 32));
  }

  digest(...parts: string[]): string {
    const mac = createHmac('sha256', this.key);
    for (const part of parts) mac.update(`${part.length}:${part}|`);
    return mac.digest('base64url');
  }

  matches(expected: string, ...parts: string[]): boolean {
    const a = Buffer.from(this.digest(...parts));
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
