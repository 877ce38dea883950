import { bodyOf, policyIssuance } from './policy-bodies';
import { startPolicyRegistry, type PolicyRegistryUnderTest } from './policy-registry.harness';

// Every bad input gets a 4xx problem+json with a stable code, and the event store is as before.
describe('policies API: what it refuses, recording nothing', () => {
  let registry: PolicyRegistryUnderTest;
  let issued: ReturnType<typeof policyIssuance>;

  beforeAll(async () => {
    registry = await startPolicyRegistry('policy_refusals');
    issued = policyIssuance(registry, 'issued');
    expect((await registry.call('POST', '/v1/policies', issued)).status).toBe(201);
  });
  afterAll(async () => {
    await registry?.stop();
  });

  async function refused(
    method: string,
    path: string,
    body: unknown,
    status: number,
    code: string,
  ): Promise<Record<string, unknown>> {
    const before = await registry.eventCount();
    const response = await registry.call(method, path, body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await bodyOf(response);
    expect(problem.code).toBe(code);
    expect(await registry.eventCount()).toBe(before);
    return problem;
  }

  const issuance = (overrides: Record<string, unknown>) =>
    policyIssuance(registry, `p${Math.floor(Math.random() * 1e9)}`, overrides);

  it.each([
    ['a missing document number', { documentNumber: undefined }, 'documentNumber'],
    ['a missing issue date', { issuedOn: undefined }, 'issuedOn'],
    ['a title that is a number', { titleZh: 42 }, 'titleZh'],
    ['a kind outside the vocabulary', { kind: 'POLICY_KIND_DECREE' }, 'kind'],
    ['a theme outside the vocabulary', { themes: ['astrology'] }, 'themes'],
    ['a month 13', { issuedOn: { year: 2019, month: 13 } }, 'issuedOn.month'],
    [
      'a scope zone kind outside the vocabulary',
      { scope: { zoneKinds: ['PARK'] } },
      'scope.zoneKinds',
    ],
    ['a measure that is a string', { measures: ['支持'] }, 'measures'],
    ['an unknown field', { approvedBy: '李克强' }, 'approvedBy'],
  ])('refuses %s (400 VALIDATION.FAILED naming the field)', async (_case, overrides, field) => {
    const problem = await refused(
      'POST',
      '/v1/policies',
      issuance(overrides),
      400,
      'VALIDATION.FAILED',
    );
    const fields = (problem.errors as { field: string }[]).map((error) => error.field);
    expect(fields).toContain(field);
  });

  it('refuses an effective date before the issue date (422 POLICY.DATE_OUT_OF_ORDER)', async () => {
    const body = issuance({ effectiveOn: { year: 2019, month: 1, day: 1 } });
    await refused('POST', '/v1/policies', body, 422, 'POLICY.DATE_OUT_OF_ORDER');
  });

  it('refuses an issue date that has not come (422 POLICY.DATE_IN_FUTURE)', async () => {
    const body = issuance({ issuedOn: { year: 9999 }, publishedOn: undefined });
    await refused('POST', '/v1/policies', body, 422, 'POLICY.DATE_IN_FUTURE');
  });

  it('refuses a document number its issuer already gave another policy, however written (409)', async () => {
    const variant = issued.documentNumber.replace('〔', '[').replace('〕', '] ');
    const body = issuance({ documentNumber: variant, issuer: issued.issuer });
    await refused('POST', '/v1/policies', body, 409, 'POLICY.DOCUMENT_NUMBER_TAKEN');
  });

  it('refuses a policy id already issued (409 POLICY.ALREADY_ISSUED)', async () => {
    const body = issuance({ policyId: issued.policyId });
    await refused('POST', '/v1/policies', body, 409, 'POLICY.ALREADY_ISSUED');
  });

  it('refuses a scope naming a zone the register does not hold (422 POLICY.UNKNOWN_ZONE)', async () => {
    const body = issuance({ scope: { zoneIds: [`nowhere-${registry.id}`] } });
    await refused('POST', '/v1/policies', body, 422, 'POLICY.UNKNOWN_ZONE');
  });

  it('refuses an unknown province (422 POLICY.UNKNOWN_PROVINCE)', async () => {
    const body = issuance({ scope: { provinces: ['Atlantis'] } });
    await refused('POST', '/v1/policies', body, 422, 'POLICY.UNKNOWN_PROVINCE');
  });

  it('refuses implementing a policy the registry does not hold (422)', async () => {
    const body = issuance({ implementsPolicyId: `missing-${registry.id}` });
    await refused('POST', '/v1/policies', body, 422, 'POLICY.LINKED_POLICY_NOT_FOUND');
  });

  it('refuses commands on a policy never issued (404 POLICY.NOT_FOUND)', async () => {
    const path = `/v1/policies/missing-${registry.id}/repeal`;
    const repeal = { effectiveOn: { year: 2020 }, reason: 'r' };
    await refused('POST', path, repeal, 404, 'POLICY.NOT_FOUND');
    const detail = await registry.call('GET', `/v1/policies/missing-${registry.id}`);
    expect(detail.status).toBe(404);
  });

  it('refuses a supersession by an unknown policy, by itself, or by an earlier one (422)', async () => {
    const path = `/v1/policies/${issued.policyId}/supersession`;
    await refused(
      'POST',
      path,
      { supersededByPolicyId: `x-${registry.id}` },
      422,
      'POLICY.LINKED_POLICY_NOT_FOUND',
    );
    await refused('POST', path, { supersededByPolicyId: issued.policyId }, 422, 'POLICY.SELF_LINK');
    const earlier = issuance({ issuedOn: { year: 2010 }, publishedOn: undefined });
    expect((await registry.call('POST', '/v1/policies', earlier)).status).toBe(201);
    await refused(
      'POST',
      path,
      { supersededByPolicyId: earlier.policyId },
      422,
      'POLICY.LINK_TO_LATER_POLICY',
    );
  });

  it('refuses an amendment effective before the version it amends (422)', async () => {
    const amendment = {
      amendedOn: { year: 2019, month: 6 },
      effectiveOn: { year: 2018 },
      reason: 'r',
      titleZh: '新标题',
    };
    const path = `/v1/policies/${issued.policyId}/amendments`;
    await refused('POST', path, amendment, 422, 'POLICY.DATE_OUT_OF_ORDER');
  });

  it('refuses an inForceOn that is no date (400)', async () => {
    const response = await registry.call(
      'GET',
      `/v1/policies/${issued.policyId}?inForceOn=2019-02-30`,
    );
    expect(response.status).toBe(400);
  });

  it('refuses a 10 MB body with 413 problem+json before reading it', async () => {
    const before = await registry.eventCount();
    const huge = issuance({ titleZh: 'x'.repeat(10 * 1024 * 1024) });
    const response = await registry.call('POST', '/v1/policies', huge);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await bodyOf(response)).code).toBe('REQUEST.TOO_LARGE');
    expect(await registry.eventCount()).toBe(before);
  });
});
