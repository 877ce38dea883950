import { bodyOf, policyIssuance } from './policy-bodies';
import { startPolicyRegistry, type PolicyRegistryUnderTest } from './policy-registry.harness';

// Document numbers are unique per issuer on the write side (ADR 0004's claims, as zone names):
// the claim is taken in the transaction that records the policy, so commands racing past the
// handler's lookup still record one policy per number.
describe('document numbers: one policy per issuer and number, however issuances interleave', () => {
  let registry: PolicyRegistryUnderTest;

  beforeAll(async () => {
    registry = await startPolicyRegistry('document_numbers');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('records exactly one of many issuances of one number made at once', async () => {
    const template = policyIssuance(registry, 'race');
    const attempts = Array.from({ length: 8 }, (_, n) => ({
      ...template,
      policyId: `race-${n}-${registry.id}`,
    }));
    const answers = await Promise.all(
      attempts.map((body) => registry.call('POST', '/v1/policies', body)),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const codes = await Promise.all(
      answers
        .filter((answer) => answer.status === 409)
        .map(async (answer) => (await bodyOf(answer)).code),
    );
    expect(new Set(codes)).toEqual(new Set(['POLICY.DOCUMENT_NUMBER_TAKEN']));
    const issued = await Promise.all(
      attempts.map(
        async (body) => (await registry.call('GET', `/v1/policies/${body.policyId}`)).status,
      ),
    );
    expect(issued.filter((status) => status === 200)).toHaveLength(1);
  });

  it('lets another issuer use the same number', async () => {
    const first = policyIssuance(registry, 'ministry-a');
    const second = {
      ...first,
      policyId: `ministry-b-${registry.id}`,
      issuer: `商务部${registry.id}`,
    };
    expect((await registry.call('POST', '/v1/policies', first)).status).toBe(201);
    expect((await registry.call('POST', '/v1/policies', second)).status).toBe(201);
  });
});
