import { parseClientAddress } from './policy/ip-range.js';

/**
 * What a per-address limit counts a client by. An IPv4 address is itself (with NAT it is a whole site already). An
 * IPv6 client is counted by its /64: a household or site is handed at least one, and can pick any of its 2^64
 * addresses, so counting single addresses would give it an endless supply of fresh budgets. An IPv4-mapped IPv6
 * address counts as its IPv4 address; text that is no address (a test's label, say) is counted as given.
 */
export function clientNetworkOf(address: string): string {
  const parsed = parseClientAddress(address);
  if (!parsed) return address;
  if (parsed.family === 4) return [24, 16, 8, 0].map((shift) => (parsed.value >>> shift) & 255).join('.');
  const prefix = parsed.value >> 64n;
  const hextets = [48n, 32n, 16n, 0n].map((shift) => ((prefix >> shift) & 0xffffn).toString(16));
  return `${hextets.join(':')}::/64`;
}
