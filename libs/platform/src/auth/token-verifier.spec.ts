import { SignJWT } from 'jose';
import { UnauthenticatedError } from '../problems/request-errors';
import { mintDevToken } from './dev-token';
import { TokenVerifier } from './token-verifier';

const secret = 'zoneledger-test-secret';
const config = { issuer: 'zoneledger', audience: 'zoneledger', jwtSecret: secret };
const verifier = TokenVerifier.fromConfig(config);

async function rejectionOf(token: string): Promise<UnauthenticatedError> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return error as UnauthenticatedError;
}

function signed(claims: Record<string, unknown>, key = secret) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('zoneledger')
    .setAudience('zoneledger')
    .setSubject('alice')
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(key));
}

describe('TokenVerifier with a shared secret', () => {
  it('reads the subject and roles of a development token', async () => {
    const token = await mintDevToken({ secret, sub: 'alice', roles: ['zone-admin', 'analyst'] });
    await expect(verifier.verify(token)).resolves.toEqual({
      sub: 'alice',
      roles: ['zone-admin', 'analyst'],
    });
  });

  it('treats a token without roles as one holding none, and ignores roles it does not know', async () => {
    await expect(verifier.verify(await signed({}))).resolves.toEqual({ sub: 'alice', roles: [] });
    await expect(verifier.verify(await signed({ roles: ['ops', 'superuser'] }))).resolves.toEqual({
      sub: 'alice',
      roles: ['ops'],
    });
  });

  it('rejects a token signed with another secret', async () => {
    const error = await rejectionOf(await signed({ roles: ['ops'] }, 'someone-elses-secret'));
    expect(error.message).toBe('The bearer token is not valid');
  });

  it('rejects an expired token', async () => {
    const token = await new SignJWT({ roles: ['ops'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('zoneledger')
      .setAudience('zoneledger')
      .setSubject('alice')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    expect((await rejectionOf(token)).message).toBe('The bearer token has expired');
  });

  it('rejects a token for another audience or from another issuer', async () => {
    const otherAudience = await mintDevToken({
      secret,
      sub: 'alice',
      roles: ['ops'],
      audience: 'billing',
    });
    expect((await rejectionOf(otherAudience)).message).toMatch(/"aud" claim/);
    const otherIssuer = await mintDevToken({
      secret,
      sub: 'alice',
      roles: ['ops'],
      issuer: 'elsewhere',
    });
    expect((await rejectionOf(otherIssuer)).message).toMatch(/"iss" claim/);
  });

  it('rejects a roles claim that is not a list of strings, and garbage', async () => {
    expect((await rejectionOf(await signed({ roles: 'zone-admin' }))).message).toMatch(
      /"roles" claim/,
    );
    expect((await rejectionOf('not.a.token')).message).toBe('The bearer token is not valid');
  });

  describe('remembering tokens found valid', () => {
    afterEach(() => jest.useRealTimers());

    it('answers a token verified before with its principal, until the token expires', async () => {
      const start = new Date('2026-03-01T08:00:00Z');
      jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const remembering = TokenVerifier.fromConfig(config);
      const token = await signed({ roles: ['ops'] }); // expires 10 minutes after start
      await expect(remembering.verify(token)).resolves.toEqual({ sub: 'alice', roles: ['ops'] });
      jest.setSystemTime(start.getTime() + 9 * 60_000);
      await expect(remembering.verify(token)).resolves.toEqual({ sub: 'alice', roles: ['ops'] });

      // Past its exp and the clock tolerance: expired, remembered or not.
      jest.setSystemTime(start.getTime() + 10 * 60_000 + 6_000);
      const error = await remembering.verify(token).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect((error as Error).message).toBe('The bearer token has expired');
    });

    it('does not remember a token it refused', async () => {
      const remembering = TokenVerifier.fromConfig(config);
      const token = await signed({ roles: 'ops' });
      for (let attempt = 0; attempt < 2; attempt += 1)
        await expect(remembering.verify(token)).rejects.toBeInstanceOf(UnauthenticatedError);
    });
  });

  it('refuses a development token lifetime it cannot read', async () => {
    await expect(mintDevToken({ secret, sub: 'alice', roles: [], ttl: 'forever' })).rejects.toThrow(
      /ttl/,
    );
  });
});
