import { Algorithm, hash, verify } from '@node-rs/argon2';

export interface Argon2Parameters {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** Matches the parameter part of a PHC string: $argon2id$v=19$m=19456,t=2,p=1$salt$hash */
const PHC_PARAMETERS = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/;

export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly parameters: Argon2Parameters) {}

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: Algorithm.Argon2id, ...this.parameters });
  }

  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the same time as a real verify, so that an unknown login ID cannot be told from a wrong password
   * by how long the answer takes.
   */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('gatehouse-timing-equaliser');
    await this.verify(await this.dummyHash, password);
    return false;
  }

  /** True when the stored hash was made with other parameters than the configured ones. */
  needsRehash(storedHash: string): boolean {
    const match = PHC_PARAMETERS.exec(storedHash);
    if (!match) return true;
    const [, m, t, p] = match;
    return (
      Number(m) !== this.parameters.memoryCost ||
      Number(t) !== this.parameters.timeCost ||
      Number(p) !== this.parameters.parallelism
    );
  }
}
