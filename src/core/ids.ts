import { randomBytes, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

/** URL-safe random string carrying `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

let lastMs = -1;
let sequence = 0;

/**
 * A UUIDv7-shaped id that sorts by `ms`, with a counter so that ids made within one millisecond keep the order
 * in which they were made: log entries sorted by (time, id) then read in the order they happened.
 */
export function newTimeOrderedId(ms: number): string {
  if (ms <= lastMs) {
    sequence = (sequence + 1) & 0xfff;
    ms = lastMs;
  } else {
    lastMs = ms;
    sequence = 0;
  }
  const time = ms.toString(16).padStart(12, '0').slice(-12);
  const random = randomBytes(8).toString('hex');
  const variant = ((parseInt(random.slice(0, 1), 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${sequence.toString(16).padStart(3, '0')}-${variant}${random.slice(1, 4)}-${random.slice(4, 16)}`;
}
