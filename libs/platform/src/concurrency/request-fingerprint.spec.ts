import { requestFingerprint } from './request-fingerprint';

describe('request fingerprints', () => {
  it('are the same for the same request, whatever the order of members', () => {
    expect(requestFingerprint('post', '/v1/zones', { a: 1, b: [{ c: 2, d: 3 }] })).toBe(
      requestFingerprint('POST', '/v1/zones', { b: [{ d: 3, c: 2 }], a: 1 }),
    );
  });

  it('differ when the body, the path or the method differs', () => {
    const first = requestFingerprint('POST', '/v1/zones/a/exit', { reason: 'x' });
    expect(requestFingerprint('POST', '/v1/zones/a/exit', { reason: 'y' })).not.toBe(first);
    expect(requestFingerprint('POST', '/v1/zones/b/exit', { reason: 'x' })).not.toBe(first);
    expect(requestFingerprint('PUT', '/v1/zones/a/exit', { reason: 'x' })).not.toBe(first);
    expect(requestFingerprint('POST', '/v1/zones/a/exit', undefined)).not.toBe(first);
  });

  it('tell a CSV body from the same text as JSON', () => {
    expect(requestFingerprint('POST', '/i', 'a,b')).not.toBe(
      requestFingerprint('POST', '/i', ['a,b']),
    );
  });
});
