import type { Clock } from '../../../core/clock.js';
import type { Store } from '../../../store/database.js';
import {
  isRateExhausted,
  type RateReservation,
  type RateWindow,
  releaseRate,
  reserveRate,
} from '../../../store/rate-counters.js';

/**
 * One limit of SPEC §5.1 kept in the database, so that every server process counts together: a unit is
 * reserved before the check it guards and given back when the check succeeded. `countedAs` says what a subject is
 * counted by: itself, or for a limit per client address, its network (clientNetworkOf).
 */
export class RateGuard {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly prefix: string,
    private readonly window: RateWindow,
    private readonly countedAs: (subject: string) => string = (subject) => subject,
  ) {}

  reserve(subject: string): Promise<RateReservation | null> {
    return reserveRate(this.store.db, this.keyOf(subject), this.window, this.clock.now());
  }

  /** Whether the window is full now, without reserving. */
  isExhausted(subject: string): Promise<boolean> {
    return isRateExhausted(this.store.db, this.keyOf(subject), this.window, this.clock.now());
  }

  private keyOf(subject: string): string {
    return `${this.prefix}:${this.countedAs(subject)}`;
  }

  async release(reservation: RateReservation): Promise<void> {
    await releaseRate(this.store.db, reservation);
  }
}
