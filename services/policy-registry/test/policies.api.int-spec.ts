import { Topics } from '@zoneledger/contracts';
import { physicalTopic } from '@zoneledger/messaging';
import { KAFKA } from '@zoneledger/platform';
import { eventually } from '@zoneledger/testing';
import type { Consumer, Kafka } from 'kafkajs';
import { bodyOf, policyIssuance } from './policy-bodies';
import { startPolicyRegistry, type PolicyRegistryUnderTest } from './policy-registry.harness';

describe('policies API: issue, amend, supersede, repeal, detail and history', () => {
  let registry: PolicyRegistryUnderTest;

  beforeAll(async () => {
    registry = await startPolicyRegistry('policies_api');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  async function issue(name: string, overrides: Record<string, unknown> = {}) {
    const body = policyIssuance(registry, name, overrides);
    const response = await registry.call('POST', '/v1/policies', body);
    expect(response.status).toBe(201);
    return body;
  }

  it('issues a policy: 201 with its version as ETag, Location, and its detail folded from its stream', async () => {
    const body = policyIssuance(registry, 'issue');
    const response = await registry.call('POST', '/v1/policies', body);
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('location')).toBe(`/v1/policies/${body.policyId}`);
    expect(await bodyOf(response)).toEqual({
      policyId: body.policyId,
      version: 1,
      recorded: ['PolicyIssued'],
      replayed: false,
    });

    const detail = await registry.call('GET', `/v1/policies/${body.policyId}`, undefined, {
      authorization: `Bearer ${registry.analystToken}`,
    });
    expect(detail.status).toBe(200);
    expect(detail.headers.get('etag')).toBe('"1"');
    expect(await bodyOf(detail)).toMatchObject({
      policyId: body.policyId,
      documentNumber: body.documentNumber,
      issuer: body.issuer,
      kind: 'POLICY_KIND_OPINIONS',
      standing: 'in_force',
      versionInForce: { version: 1, versionId: `${body.policyId}/v1`, titleZh: body.titleZh },
    });
  });

  it('answers a retry under the same Idempotency-Key with the policy it issued, an id it chose itself', async () => {
    const { policyId: _chosen, ...body } = policyIssuance(registry, 'retry');
    const headers = { 'idempotency-key': `retry-${registry.id}` };
    const first = await bodyOf(await registry.call('POST', '/v1/policies', body, headers));
    const again = await registry.call('POST', '/v1/policies', body, headers);
    expect(again.status).toBe(201);
    expect(await bodyOf(again)).toEqual({ ...first, replayed: true });
  });

  it('amends a policy: a new version, the earlier one still in force before the amendment takes effect', async () => {
    const { policyId } = await issue('amend');
    const amendment = {
      amendedOn: { year: 2021, month: 3, day: 1 },
      effectiveOn: { year: 2021, month: 4, day: 1 },
      reason: '扩大适用范围',
      titleZh: '关于amend的意见（修订）',
    };
    const response = await registry.call('POST', `/v1/policies/${policyId}/amendments`, amendment, {
      'if-match': '"1"',
    });
    expect(response.status).toBe(201);
    expect(await bodyOf(response)).toMatchObject({ version: 2, recorded: ['PolicyAmended'] });

    const before = await bodyOf(
      await registry.call('GET', `/v1/policies/${policyId}?inForceOn=2021-03-31`),
    );
    expect(before.versionInForce).toMatchObject({ version: 1, versionId: `${policyId}/v1` });
    const after = await bodyOf(
      await registry.call('GET', `/v1/policies/${policyId}?inForceOn=2021-04-01`),
    );
    expect(after.versionInForce).toMatchObject({ version: 2, titleZh: amendment.titleZh });
    expect(after.versions).toHaveLength(2);
  });

  it('refuses an amendment whose If-Match names an older version (409), recording nothing', async () => {
    const { policyId } = await issue('stale');
    const amendment = {
      amendedOn: { year: 2021, month: 3, day: 1 },
      effectiveOn: { year: 2021, month: 3, day: 1 },
      reason: 'r',
      titleZh: '新标题',
    };
    const response = await registry.call('POST', `/v1/policies/${policyId}/amendments`, amendment, {
      'if-match': '"0"',
    });
    expect(response.status).toBe(409);
    expect((await bodyOf(response)).code).toBe('CONCURRENCY.CONFLICT');
    const history = await bodyOf(await registry.call('GET', `/v1/policies/${policyId}/history`));
    expect(history).toHaveLength(1);
  });

  it('supersedes a policy by a later one, and shows it superseded from then', async () => {
    const older = await issue('older');
    const newer = await issue('newer', {
      issuedOn: { year: 2020, month: 1, day: 2 },
      publishedOn: { year: 2020, month: 1, day: 3 },
    });
    const response = await registry.call('POST', `/v1/policies/${older.policyId}/supersession`, {
      supersededByPolicyId: newer.policyId,
    });
    expect(response.status).toBe(201);
    const detail = await bodyOf(
      await registry.call('GET', `/v1/policies/${older.policyId}?inForceOn=2020-06-01`),
    );
    expect(detail).toMatchObject({
      standing: 'superseded',
      superseded: { byPolicyId: newer.policyId, effectiveOn: { year: 2020, month: 1, day: 2 } },
    });
    const earlier = await bodyOf(
      await registry.call('GET', `/v1/policies/${older.policyId}?inForceOn=2019-12-31`),
    );
    expect(earlier.standing).toBe('in_force');
  });

  it('repeals a policy; asOf before the repeal was recorded still shows it in force', async () => {
    const { policyId } = await issue('repeal');
    const beforeRepeal = new Date().toISOString();
    const response = await registry.call('POST', `/v1/policies/${policyId}/repeal`, {
      effectiveOn: { year: 2022, month: 1, day: 1 },
      reason: '已被新政策取代',
    });
    expect(response.status).toBe(201);
    const now = await bodyOf(
      await registry.call('GET', `/v1/policies/${policyId}?inForceOn=2023-01-01`),
    );
    expect(now.standing).toBe('repealed');
    const believed = await bodyOf(
      await registry.call(
        'GET',
        `/v1/policies/${policyId}?inForceOn=2023-01-01&asOf=${beforeRepeal}`,
      ),
    );
    expect(believed.standing).toBe('in_force');
    const amend = await registry.call('POST', `/v1/policies/${policyId}/amendments`, {
      amendedOn: { year: 2022, month: 2, day: 1 },
      effectiveOn: { year: 2022, month: 2, day: 1 },
      reason: 'too late',
      titleZh: '不可修订',
    });
    expect(amend.status).toBe(422);
    expect((await bodyOf(amend)).code).toBe('POLICY.REPEALED');
  });

  it('lists the events of a policy in its history, with who recorded them', async () => {
    const { policyId } = await issue('history');
    const response = await registry.call('GET', `/v1/policies/${policyId}/history`);
    expect(response.status).toBe(200);
    const [issued] = (await response.json()) as Record<string, unknown>[];
    expect(issued).toMatchObject({
      version: 1,
      type: 'PolicyIssued',
      actor: `policy-admin-${registry.id}`,
    });
  });

  it('refuses writes to a token without policy-admin (403)', async () => {
    const body = policyIssuance(registry, 'forbidden');
    const response = await registry.call('POST', '/v1/policies', body, {
      authorization: `Bearer ${registry.analystToken}`,
    });
    expect(response.status).toBe(403);
  });

  it('publishes what it records to zoneledger.policies.v1 (the outbox relay)', async () => {
    const { policyId } = await issue('relayed');
    const kafka = registry.app.get<Kafka>(KAFKA);
    const seen: string[] = [];
    const consumer: Consumer = kafka.consumer({
      groupId: `relay-${registry.id}`,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({
        topic: physicalTopic(registry.topicPrefix, Topics.policies),
        fromBeginning: true,
      });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(`${message.key?.toString()} ${message.headers?.ce_type?.toString()}`);
        },
      });
      await eventually(
        () => {
          expect(seen).toContain(`policy-${policyId} zoneledger.policy.v1.PolicyIssued`);
        },
        { timeoutMs: 30_000 },
      );
    } finally {
      await consumer.disconnect();
    }
  });
});
