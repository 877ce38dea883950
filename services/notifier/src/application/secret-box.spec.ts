import { randomBytes } from 'node:crypto';
import { open, seal } from './secret-box';

describe('sealed secrets (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const secret = `whsec_${randomBytes(24).toString('base64')}`;

  it('opens with its key and label, and the ciphertext is not the secret', () => {
    const sealed = seal(key, 'sub-1/ref-1', secret);
    expect(open(key, 'sub-1/ref-1', sealed)).toBe(secret);
    expect(sealed.ciphertext.toString('utf8')).not.toContain('whsec_');
    expect(sealed.ciphertext.includes(Buffer.from(secret.slice(6), 'base64'))).toBe(false);
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.authTag).toHaveLength(16);
  });

  it('seals the same secret differently each time (a fresh nonce)', () => {
    const a = seal(key, 'ref', secret);
    const b = seal(key, 'ref', secret);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('refuses another key, another label (a row moved) or a changed byte', () => {
    const sealed = seal(key, 'ref-1', secret);
    expect(() => open(randomBytes(32), 'ref-1', sealed)).toThrow();
    expect(() => open(key, 'ref-2', sealed)).toThrow();
    const tampered = Buffer.from(sealed.ciphertext);
    tampered[0] ^= 1;
    expect(() => open(key, 'ref-1', { ...sealed, ciphertext: tampered })).toThrow();
  });
});
