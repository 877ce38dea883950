import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bodyOf, policyIssuance } from './policy-bodies';
import { startPolicyRegistry, type PolicyRegistryUnderTest } from './policy-registry.harness';
import { zoneRegistered } from '@zoneledger/service-testing';

const SEED = join(__dirname, '..', 'seed', 'policies.json');

describe('policy imports API: JSON, idempotent per document number, with a report', () => {
  let registry: PolicyRegistryUnderTest;

  beforeAll(async () => {
    registry = await startPolicyRegistry('policy_imports');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('creates each policy once: importing again skips every row, and records nothing', async () => {
    const { policyId: _a, ...central } = policyIssuance(registry, 'central');
    const provincial = policyIssuance(registry, 'provincial', {
      issuer: `江苏省人民政府${registry.id}`,
      issuedOn: { year: 2019, month: 9 },
      publishedOn: undefined,
    });
    const rows = { policies: [central, provincial, { ...central, themes: ['astrology'] }] };
    const first = await registry.call('POST', '/v1/policies/imports', rows);
    expect(first.status).toBe(201);
    const summary = await bodyOf(first);
    expect(summary).toMatchObject({ created: 2, skipped: 0, rejected: 1 });
    expect(first.headers.get('location')).toBe((summary.links as { self: string }).self);

    const events = await registry.eventCount();
    const again = await bodyOf(await registry.call('POST', '/v1/policies/imports', rows));
    expect(again).toMatchObject({ created: 0, skipped: 2, rejected: 1 });
    expect(await registry.eventCount()).toBe(events);

    const page = await bodyOf(
      await registry.call(
        'GET',
        `/v1/policies/imports/${String(summary.importId)}/rows?outcome=created`,
      ),
    );
    const items = page.items as { row: number; policyId: string }[];
    expect(items.map((item) => item.row)).toEqual([1, 2]);
    expect(items[1].policyId).toBe(provincial.policyId);
    // The row naming no id got one derived from its issuer and number: the same on every run.
    expect(items[0].policyId).toMatch(/^policy-[0-9a-f]{20}$/);
  });

  it('skips a row whose document number its issuer gave a policy issued through the API', async () => {
    const issued = policyIssuance(registry, 'api');
    expect((await registry.call('POST', '/v1/policies', issued)).status).toBe(201);
    const { policyId: _id, ...row } = issued;
    const summary = await bodyOf(
      await registry.call('POST', '/v1/policies/imports', { policies: [row] }),
    );
    expect(summary).toMatchObject({ created: 0, skipped: 1, rejected: 0 });
  });

  it('refuses a body that is no {policies: [...]} whole (400), recording nothing', async () => {
    const before = await registry.eventCount();
    const response = await registry.call('POST', '/v1/policies/imports', { zones: [] });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).code).toBe('VALIDATION.FAILED');
    expect(await registry.eventCount()).toBe(before);
  });

  it('imports the seed policies of DOMAIN.md, each once, 国发〔2019〕11号 granting its five powers', async () => {
    const seed = JSON.parse(readFileSync(SEED, 'utf8')) as {
      policies: { policyId: string; scope?: { zoneIds?: string[] } }[];
    };
    const named = seed.policies.flatMap((policy) => policy.scope?.zoneIds ?? []);
    await registry.publishZones(named.map((zoneId) => zoneRegistered({ zoneId })));
    await registry.zonesKnown(Object.fromEntries(named.map((zoneId) => [zoneId, 1])));
    const first = await bodyOf(await registry.call('POST', '/v1/policies/imports', seed));
    expect(first).toMatchObject({ rows: 5, created: 5, rejected: 0 });
    const again = await bodyOf(await registry.call('POST', '/v1/policies/imports', seed));
    expect(again).toMatchObject({ rows: 5, skipped: 5 });
    const gf = await bodyOf(await registry.call('GET', '/v1/policies/gf-2019-11'));
    const powers = gf.grantedZones as Record<string, string[]>;
    expect(Object.keys(powers)).toHaveLength(5);
    for (const zoneIds of Object.values(powers))
      expect(zoneIds).toEqual(expect.arrayContaining(named));
  });
});
