import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (TOTP secrets, emergency tokens). A sealed value is
 * `v1.<key id>.<iv>.<ciphertext>.<tag>`: the key id lets an operator rotate GATEHOUSE_SECRET_KEY while older
 * values stay readable with the previous key. `context` (e.g. the owning row's id) is bound in as associated
 * data, so a ciphertext copied into another row does not open there.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(masterKey: Buffer, previousMasterKeys: Buffer[] = []) {
    this.currentKeyId = this.addKey(masterKey);
    for (const key of previousMasterKeys) this.addKey(key);
  }

  private addKey(masterKey: Buffer): string {
    const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gatehouse secret-box v1', 32));
    const id = createHash('sha256').update(key).digest('hex').slice(0, 8);
    this.keys.set(id, key);
    return id;
  }

  seal(plaintext: string, context: string): string {
    const key = this.keys.get(this.currentKeyId) as Buffer;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v1',
      this.currentKeyId,
      iv.toString('base64url'),
      ciphertext.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  open(sealed: string, context: string): string {
    const [version, keyId, iv, ciphertext, tag] = sealed.split('.');
    if (version !== 'v1' || !keyId || iv === undefined || ciphertext === undefined || tag === undefined)
      throw new Error('not a sealed value');
    const key = this.keys.get(keyId);
    if (!key)
      throw new Error(
        `sealed with an unknown key (${keyId}); was GATEHOUSE_SECRET_KEY changed without keeping the old one?`,
      );
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
