import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A secret encrypted with AES-256-GCM: a fresh 96-bit nonce, the ciphertext and its tag. */
export interface SealedSecret {
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly authTag: Buffer;
}

/**
 * Encrypts `secret` under `key` (32 bytes), bound to `label` as additional authenticated data: a
 * ciphertext moved to another row (another secret reference) no longer opens.
 */
export function seal(key: Buffer, label: string, secret: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(label, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return { iv, ciphertext, authTag: cipher.getAuthTag() };
}

/** The secret `seal` encrypted; throws when the key, the label or any byte is not the sealed one. */
export function open(key: Buffer, label: string, sealed: SealedSecret): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(Buffer.from(label, 'utf8'));
  decipher.setAuthTag(sealed.authTag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
}
