import { isIPv4, isIPv6 } from 'node:net';

/** An inclusive address range; IPv4 as numbers, IPv6 as bigints, so each compares natively. */
export type IpRange = { family: 4; start: number; end: number } | { family: 6; start: bigint; end: bigint };

export type IpAddress = { family: 4; value: number } | { family: 6; value: bigint };

export function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function ipv6ToBigInt(address: string): bigint {
  let text = address;
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const n = ipv4ToNumber(v4[1]);
    text = `${text.slice(0, -v4[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = [...headParts, ...Array<string>(tail !== undefined ? missing : 0).fill('0'), ...tailParts];
  return parts.reduce((acc, part) => (acc << 16n) + BigInt(parseInt(part || '0', 16)), 0n);
}

/** The client address as the evaluator wants it; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */
export function parseClientAddress(address: string): IpAddress | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped?.[1] ?? address;
  if (isIPv4(plain)) return { family: 4, value: ipv4ToNumber(plain) };
  const zoneless = plain.split('%')[0] ?? plain;
  if (isIPv6(zoneless)) return { family: 6, value: ipv6ToBigInt(zoneless) };
  return null;
}

/**
 * `a.b.c.d`, `a.b.c.d/n` or `a.b.c.d-e.f.g.h` (and the IPv6 forms). Returns null when malformed, so the caller
 * can word the error for its own context.
 */
export function parseIpRange(text: string, family: 4 | 6): IpRange | null {
  const valid = family === 4 ? isIPv4 : isIPv6;
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const from = text.slice(0, dash);
    const to = text.slice(dash + 1);
    if (!valid(from) || !valid(to)) return null;
    if (family === 4) {
      const start = ipv4ToNumber(from);
      const end = ipv4ToNumber(to);
      return start <= end ? { family, start, end } : null;
    }
    const start = ipv6ToBigInt(from);
    const end = ipv6ToBigInt(to);
    return start <= end ? { family, start, end } : null;
  }
  const [address = '', bitsText] = text.split('/');
  if (!valid(address)) return null;
  const maxBits = family === 4 ? 32 : 128;
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return null;
  const bits = bitsText === undefined ? maxBits : Number(bitsText);
  if (bits > maxBits) return null;
  if (family === 4) {
    const size = 2 ** (32 - bits);
    const start = Math.floor(ipv4ToNumber(address) / size) * size;
    return { family, start, end: start + size - 1 };
  }
  const size = 1n << BigInt(128 - bits);
  const start = (ipv6ToBigInt(address) / size) * size;
  return { family, start, end: start + size - 1n };
}

export function rangeContains(range: IpRange, address: IpAddress): boolean {
  if (range.family === 4 && address.family === 4) return address.value >= range.start && address.value <= range.end;
  if (range.family === 6 && address.family === 6) return address.value >= range.start && address.value <= range.end;
  return false;
}

/** Either family, for IP Sets, whose entries may mix both. */
export function parseAnyIpRange(text: string): IpRange | null {
  return text.includes(':') ? parseIpRange(text, 6) : parseIpRange(text, 4);
}
