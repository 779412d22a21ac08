import { type IpAddress, type IpRange, rangeContains } from './ip-range.js';

/**
 * An IP Set ready for lookups: IPv4 ranges merged and sorted, so membership is a binary search
 * (a decision with 100 sets of 100 ranges stays in the microseconds).
 */
export class IpSetIndex {
  /** Typed arrays: a decision may search a hundred sets, and these stay compact and monomorphic. */
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly v6: IpRange[];

  constructor(ranges: readonly IpRange[]) {
    const v4 = ranges
      .filter((r): r is Extract<IpRange, { family: 4 }> => r.family === 4)
      .sort((a, b) => a.start - b.start);
    const starts: number[] = [];
    const ends: number[] = [];
    for (const range of v4) {
      const last = ends.length - 1;
      if (last >= 0 && range.start <= (ends[last] as number) + 1)
        ends[last] = Math.max(ends[last] as number, range.end);
      else {
        starts.push(range.start);
        ends.push(range.end);
      }
    }
    this.starts = Uint32Array.from(starts);
    this.ends = Uint32Array.from(ends);
    this.v6 = ranges.filter((r) => r.family === 6);
  }

  contains(address: IpAddress): boolean {
    if (address.family === 6) return this.v6.some((range) => rangeContains(range, address));
    let low = 0;
    let high = this.starts.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.starts[mid] as number) > address.value) high = mid - 1;
      else if ((this.ends[mid] as number) < address.value) low = mid + 1;
      else return true;
    }
    return false;
  }
}
