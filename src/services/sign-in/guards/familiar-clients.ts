import type { Clock } from '../../../core/clock.js';
import type { Store } from '../../../store/database.js';
import type { UserRow } from '../../../store/schema.js';
import { signedInFromSince } from '../../../store/sign-in-addresses.js';
import type { EntrancePassService } from '../../policy/entrance-pass-service.js';

/** An address counts as familiar this long after the last successful sign-in from it. */
export const FAMILIAR_ADDRESS_DAYS = 30;

export interface ClientFacts {
  ip: string;
  /** The entrance pass cookie the browser sent, if any. */
  passCookie?: string;
}

/**
 * Smart lockout's notion of a client the account owner has used: a browser with a valid entrance pass for the
 * account, or an address the account signed in from successfully in the last 30 days. A lock caused by
 * strangers does not keep these out (up to an overall ceiling, see core/lockout.ts).
 */
export class FamiliarClients {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly passes: EntrancePassService,
  ) {}

  async isFamiliar(user: UserRow, client: ClientFacts): Promise<boolean> {
    if ((await this.passes.validPass(user, client.passCookie)) !== null) return true;
    const since = this.clock.now() - FAMILIAR_ADDRESS_DAYS * 86_400_000;
    return signedInFromSince(this.store.db, user.id, client.ip, since);
  }
}
