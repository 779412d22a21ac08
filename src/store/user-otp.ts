import type { Kysely } from 'kysely';
import type { OtpType } from '../core/otp/otp-types.js';
import { changedRows, precompiled } from './precompiled-query.js';
import type { Database } from './schema.js';

export interface OtpRegistration {
  type: OtpType;
  sealedSecret: string;
  lastStep: number;
  email: string;
}

export async function setUserOtp(
  db: Kysely<Database>,
  userId: string,
  registration: OtpRegistration,
  now: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      otp_type: registration.type,
      otp_secret: registration.sealedSecret,
      otp_last_step: registration.lastStep,
      otp_email: registration.email,
      otp_registered_at: now,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
}

export async function clearUserOtp(db: Kysely<Database>, userId: string, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ otp_type: 'none', otp_secret: '', otp_last_step: 0, otp_email: '', otp_registered_at: 0, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

const moveOtpStep = precompiled((db, v: { userId: string; step: number }) =>
  db.updateTable('users').set({ otp_last_step: v.step }).where('id', '=', v.userId).where('otp_last_step', '<', v.step),
);

/**
 * Moves the replay guard forward to `step` unless a code of this step or later was already accepted.
 * One conditional UPDATE: of two concurrent submissions of one code, on any number of servers, one wins.
 */
export async function advanceOtpStep(db: Kysely<Database>, userId: string, step: number): Promise<boolean> {
  return changedRows(await moveOtpStep(db, { userId, step })) === 1;
}
