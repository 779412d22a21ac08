import { KeyedHash } from '../../core/crypto/keyed-hash.js';
import { SecretBox } from '../../core/crypto/secret-box.js';

/** The keys derived from the master key for OTP data: one per purpose, so one leak does not open the others. */
export class OtpSecrets {
  readonly box: SecretBox;
  readonly emailCodes: KeyedHash;

  constructor(masterKey: Buffer, previousMasterKeys: Buffer[] = []) {
    this.box = new SecretBox(masterKey, previousMasterKeys);
    this.emailCodes = new KeyedHash(masterKey, 'email-code');
  }

  sealUserSecret(userId: string, secret: string): string {
    return this.box.seal(secret, `user-otp:${userId}`);
  }

  openUserSecret(userId: string, sealed: string): string {
    return this.box.open(sealed, `user-otp:${userId}`);
  }
}
