import { Topics, type PolicyIssuedJson } from '@zoneledger/contracts';
import { createProducer, physicalTopic } from '@zoneledger/messaging';
import { KAFKA } from '@zoneledger/platform';
import { eventually } from '@zoneledger/testing';
import type { Kafka, Message, Producer } from 'kafkajs';
import { policyAmended, policyAutonomyExtended, policyIssued } from './policy-events';
import {
  startZoneRegistry,
  zoneRegistration,
  type ZoneRegistryUnderTest,
} from './zone-registry.harness';

interface GrantDecision {
  policyId: string;
  zoneId: string;
  power: string;
  outcome: string;
  errorCode?: string;
  zoneVersion?: number;
}

interface HostedProcess {
  state: string;
  lag?: number;
  applied: number;
  deadLettered: number;
  unknownTypes: number;
}

describe('autonomy grants from policy events (zone-registry consuming zoneledger.policies.v1)', () => {
  let registry: ZoneRegistryUnderTest;
  let producer: Producer;
  let policiesTopic: string;

  beforeAll(async () => {
    registry = await startZoneRegistry('zones_policy_grants');
    policiesTopic = physicalTopic(registry.topicPrefix, Topics.policies);
    producer = createProducer(registry.app.get<Kafka>(KAFKA));
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await registry?.stop();
  });

  async function register(name: string): Promise<string> {
    const body = zoneRegistration(registry, name);
    const response = await registry.call('POST', '/v1/zones', body);
    expect(response.status).toBe(201);
    return body.zoneId;
  }

  async function publish(...messages: Message[]): Promise<void> {
    await producer.send({ topic: policiesTopic, messages });
  }

  async function decisions(policyId: string): Promise<GrantDecision[]> {
    const response = await registry.call(
      'GET',
      `/v1/policy-autonomy-grants?policyId=${encodeURIComponent(policyId)}`,
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: GrantDecision[] }).items;
  }

  async function grantsRecorded(zoneId: string): Promise<{ type: string; data: unknown }[]> {
    const response = await registry.call('GET', `/v1/zones/${zoneId}/history`);
    expect(response.status).toBe(200);
    const history = (await response.json()) as { type: string; data: unknown }[];
    return history.filter((entry) => entry.type === 'ZoneAutonomyGranted');
  }

  async function processState(): Promise<HostedProcess> {
    const baseUrl = await registry.app.getUrl();
    const ready = (await (await fetch(`${baseUrl}/health/ready`)).json()) as {
      info: { projections: Record<string, HostedProcess> };
    };
    return ready.info.projections['autonomy-grants'];
  }

  // The process as it stands once every message published so far was applied or dead-lettered.
  async function processSettled(): Promise<HostedProcess> {
    return eventually(
      async () => {
        const process = await processState();
        expect(process).toMatchObject({ state: 'running', lag: 0 });
        return process;
      },
      { timeoutMs: 30_000 },
    );
  }

  // Waits until the messages published after `before` are handled: what follows is final.
  async function processHandled(
    before: HostedProcess,
    handled: { applied: number; deadLettered?: number; unknownTypes?: number },
  ): Promise<void> {
    await eventually(
      async () =>
        expect(await processState()).toMatchObject({
          state: 'running',
          lag: 0,
          applied: before.applied + handled.applied,
          deadLettered: before.deadLettered + (handled.deadLettered ?? 0),
          unknownTypes: before.unknownTypes + (handled.unknownTypes ?? 0),
        }),
      { timeoutMs: 30_000 },
    );
  }

  it('grants each named zone its powers once, however often the policy is delivered, and records what the register refused', async () => {
    const [sip, nanjing, jiuquan] = await Promise.all([
      register('sip'),
      register('nanjing'),
      register('jiuquan'),
    ]);
    const exited = await registry.call('POST', `/v1/zones/${jiuquan}/exit`, {
      effectiveOn: { year: 2020, month: 1, day: 17 },
      basisPolicyId: 'state-council-2020-exit',
      reason: 'bottom five two years running',
    });
    expect(exited.status).toBe(200);
    const unknown = `nowhere-${registry.id}`;
    const policyId = `gf-2019-11-${registry.id}`;
    const policy: PolicyIssuedJson = {
      policyId,
      documentNumber: '国发〔2019〕11号',
      titleZh: '关于推进国家级经济技术开发区创新提升打造改革开放新高地的意见',
      issuer: '国务院',
      kind: 'POLICY_KIND_OPINIONS',
      issuedOn: { year: 2019, month: 5, day: 18 },
      autonomyGrants: [
        { power: 'approve foreign-invested projects', zoneIds: [sip, nanjing, jiuquan, unknown] },
        { power: 'land-use approval', zoneIds: [sip], effectiveOn: { year: 2019, month: 9 } },
      ],
    };
    const first = policyIssued(policy);
    const before = await processSettled();
    // Delivered twice (a producer retry), then re-published under a new event id.
    await publish(first, first, policyIssued(policy));

    await processHandled(before, { applied: 3 });
    expect(
      (await decisions(policyId)).map(({ zoneId, power, outcome, errorCode }) => ({
        zoneId,
        power,
        outcome,
        ...(errorCode ? { errorCode } : {}),
      })),
    ).toEqual(
      [
        { zoneId: sip, power: 'approve foreign-invested projects', outcome: 'granted' },
        { zoneId: sip, power: 'land-use approval', outcome: 'granted' },
        { zoneId: nanjing, power: 'approve foreign-invested projects', outcome: 'granted' },
        {
          zoneId: jiuquan,
          power: 'approve foreign-invested projects',
          outcome: 'rejected',
          errorCode: 'ZONE.NOT_ACTIVE',
        },
        {
          zoneId: unknown,
          power: 'approve foreign-invested projects',
          outcome: 'rejected',
          errorCode: 'ZONE.NOT_FOUND',
        },
      ].sort((a, b) => `${a.zoneId}\n${a.power}`.localeCompare(`${b.zoneId}\n${b.power}`, 'en')),
    );

    expect(await grantsRecorded(sip)).toEqual([
      {
        data: {
          zoneId: sip,
          power: 'approve foreign-invested projects',
          policyId,
          effectiveOn: { year: 2019, month: 5, day: 18 },
        },
        type: 'ZoneAutonomyGranted',
        version: 2,
        recordedAt: expect.any(String),
        actor: 'zone-registry/autonomy-grants',
      },
      {
        data: {
          zoneId: sip,
          power: 'land-use approval',
          policyId,
          effectiveOn: { year: 2019, month: 9 },
        },
        type: 'ZoneAutonomyGranted',
        version: 3,
        recordedAt: expect.any(String),
        actor: 'zone-registry/autonomy-grants',
      },
    ]);
    expect(await grantsRecorded(nanjing)).toHaveLength(1);
    expect(await grantsRecorded(jiuquan)).toEqual([]);

    // The grants reach the zone's own read: its detail lists the powers.
    const detail = (await (await registry.call('GET', `/v1/zones/${sip}`)).json()) as {
      autonomy: { power: string; policyId: string }[];
    };
    expect(detail.autonomy.map((grant) => grant.power).sort()).toEqual([
      'approve foreign-invested projects',
      'land-use approval',
    ]);
  });

  it('grants the zones an amendment re-resolves and an extension names, once each, dated by them', async () => {
    const [sip, huadu] = await Promise.all([register('sip-amended'), register('huadu-extended')]);
    const policyId = `gf-2019-11-amended-${registry.id}`;
    const power = 'approve foreign-invested projects';
    const issued = policyIssued({
      policyId,
      issuedOn: { year: 2019, month: 5, day: 18 },
      autonomyGrants: [{ power, zoneIds: [sip] }],
    });
    const before = await processSettled();
    await publish(
      issued,
      // The amendment re-resolves its scope: the zone granted at issuance again, and no other.
      policyAmended({
        policyId,
        version: 2,
        amendedOn: { year: 2021, month: 3 },
        effectiveOn: { year: 2021, month: 4 },
        autonomyGrants: [{ power, zoneIds: [sip] }],
      }),
      // A zone upgraded later enters the scope: the extension grants it, dated by itself.
      policyAutonomyExtended({
        policyId,
        version: 2,
        reason: 'upgraded to national level by 国办函〔2024〕83号',
        autonomyGrants: [{ power, zoneIds: [huadu], effectiveOn: { year: 2024, month: 10 } }],
      }),
    );
    await processHandled(before, { applied: 3 });

    expect((await grantsRecorded(sip)).map((grant) => grant.data)).toEqual([
      { zoneId: sip, power, policyId, effectiveOn: { year: 2019, month: 5, day: 18 } },
    ]);
    expect((await grantsRecorded(huadu)).map((grant) => grant.data)).toEqual([
      { zoneId: huadu, power, policyId, effectiveOn: { year: 2024, month: 10 } },
    ]);
    expect((await decisions(policyId)).map(({ zoneId, outcome }) => ({ zoneId, outcome }))).toEqual(
      expect.arrayContaining([
        { zoneId: sip, outcome: expect.stringMatching(/^(granted|already_granted)$/) },
        { zoneId: huadu, outcome: 'granted' },
      ]),
    );
  });

  it('reports a power the zone already held by that policy, passes over event types it does not know, and dead-letters an unreadable message, without stopping', async () => {
    const zone = await register('changsha');
    const policyId = `approval-${registry.id}`;
    const byHand = await registry.call('POST', `/v1/zones/${zone}/autonomy-grants`, {
      power: 'customs approval',
      policyId,
      effectiveOn: { year: 2024, month: 10 },
    });
    expect(byHand.status).toBe(200);
    const before = await processSettled();

    // A policy event type this build does not know (a later policy-registry released first).
    const future = policyIssued({ policyId, issuedOn: { year: 2024, month: 11 } });
    (future.headers as Record<string, string>).ce_type = 'zoneledger.policy.v1.PolicyRenumbered';
    await publish(
      future,
      { key: 'poison', value: Buffer.from('not a cloud event'), headers: {} },
      policyIssued({
        policyId,
        issuedOn: { year: 2024, month: 10 },
        autonomyGrants: [{ power: 'customs approval', zoneIds: [zone] }],
      }),
    );

    await processHandled(before, { applied: 1, deadLettered: 1, unknownTypes: 1 });
    expect(await decisions(policyId)).toMatchObject([
      { zoneId: zone, power: 'customs approval', outcome: 'already_granted', zoneVersion: 2 },
    ]);
    expect(await grantsRecorded(zone)).toHaveLength(1);
  });

  it('refuses a malformed filter with problem+json', async () => {
    const response = await registry.call('GET', '/v1/policy-autonomy-grants?outcome=maybe');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
