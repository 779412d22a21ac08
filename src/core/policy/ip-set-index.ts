import { type IpAddress, type IpRange, rangeContains } from './ip-range.js';

/**
 * An IP Set ready for lookups: IPv4 ranges merged and sorted, so membership is a binary search
 * (a decision with 100 sets of 100 ranges stays in the microseconds).
 */
export class IpSetIndex {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly v6: IpRange[];

  constructor(ranges: readonly IpRange[]) {
    const v4 = ranges.filter((r): r is Extract<IpRange, { family: 4 }> => r.family === 4).sort((a, b) => a.start - b.start);
    for (const range of v4) {
      const last = this.ends.length - 1;
      if (last >= 0 && range.start <= (this.ends[last] as number) + 1) this.ends[last] = Math.max(this.ends[last] as number, range.end);
      else {
        this.starts.push(range.start);
        this.ends.push(range.end);
      }
    }
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
