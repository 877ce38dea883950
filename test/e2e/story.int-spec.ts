import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  playStory,
  startWebhookReceiver,
  type StoryOptions,
  type StoryReport,
  type WebhookReceiver,
} from '@zoneledger/story';
import type { SystemUnderTest } from '../system.harness';
import { startFourServices, type Service } from './four-services.harness';

// The seed's story as `npm run up` plays it, played by the story's own player against the four
// services as processes (real Kafka and PostgreSQL, this test's topics and schemas), with the
// analyst's webhook going to the story's receiver on loopback. What the seed says is then read
// through the public APIs; a second play must change nothing.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

describe("the seed's story", () => {
  let system: SystemUnderTest<Service>;
  let receiver: WebhookReceiver;
  let receiverDir: string;
  let options: StoryOptions;
  const printed: string[] = [];
  let first: StoryReport;

  beforeAll(async () => {
    receiverDir = mkdtempSync(join(tmpdir(), 'story-receiver-'));
    receiver = await startWebhookReceiver({ port: 0, dataDir: receiverDir });
    system = await startFourServices('story');
    const url = (service: Service) => system.services[service].baseUrl;
    options = {
      endpoints: {
        zones: url('zone-registry'),
        policies: url('policy-registry'),
        assessments: url('assessment-engine'),
        notifier: url('notifier'),
      },
      credentials: { jwtSecret: process.env.AUTH_JWT_SECRET ?? '' },
      receiver: {
        baseUrl: receiver.baseUrl,
        webhookUrl: receiver.webhookUrl,
        secretFile: receiver.secretFile,
      },
      output: { write: (text) => void printed.push(text) },
      waitTimeoutMs: 90_000,
    };
    // What the story printed says where it stopped, when it stopped.
    first = await playStory(options).catch((error: Error) => {
      throw new Error(`${error.message}\n${printed.join('')}`);
    });
  }, 360_000);

  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
    if (receiverDir) rmSync(receiverDir, { recursive: true, force: true });
  }, 60_000);

  async function get(service: Service, path: string): Promise<Loose> {
    const answer = await system.call(service, 'GET', path);
    expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    return (await answer.json()) as Loose;
  }

  async function zoneNamed(nameZh: string): Promise<Loose> {
    const page = await get('zone-registry', `/v1/zones?q=${encodeURIComponent(nameZh)}`);
    const zone = page.items.find((item: Loose) => item.nameZh === nameZh);
    expect(zone).toBeDefined();
    return zone;
  }

  it('records every step of the seed', () => {
    expect(first.steps.map((step) => [step.step, step.changed])).toEqual([
      ['National ETDZs', true],
      ['Other zones', true],
      ['Industry focus', true],
      ['Analyst subscription', true],
      ['Policies', true],
      ['Integrations', true],
      ['Exits', true],
      ['Assessments', true],
    ]);
  });

  it('puts Suzhou Industrial Park first in every published round', async () => {
    expect(first.answers.suzhouIndustrialParkRanks).toEqual({
      2018: 1,
      2020: 1,
      2021: 1,
      2023: 1,
      2024: 1,
    });
    const sip = await zoneNamed('苏州工业园区');
    for (const round of ['2018', '2020', '2021', '2023', '2024']) {
      const ranking = await get('assessment-engine', `/v1/rounds/${round}/published-ranking`);
      expect(ranking.items.find((row: Loose) => row.zoneId === sip.zoneId)?.rank).toBe(1);
    }
  });

  it("keeps Guangzhou's and Taiyuan's integrations with high-tech zones in the zones' lineage", async () => {
    expect(
      first.answers.integratedWithHighTech.map(({ zone, highTechZones }) => [zone, highTechZones]),
    ).toEqual([
      ['广州经济技术开发区', ['广州高新技术产业开发区']],
      ['太原经济技术开发区（山西转型综改示范区太原区域）', ['太原高新技术产业开发区']],
    ]);
    const guangzhou = await zoneNamed('广州经济技术开发区');
    const lineage = await get('zone-registry', `/v1/zones/${guangzhou.zoneId}/lineage`);
    expect(lineage.ancestors).toHaveLength(3);
    const jiuquan = await zoneNamed('酒泉经济技术开发区');
    expect((await get('zone-registry', `/v1/zones/${jiuquan.zoneId}`)).status).toMatchObject({
      kind: 'exited',
    });
  });

  it('lists the policies in force for Nanjing ETDZ on 2018-01-01 and today', async () => {
    const before2019 = ['商资函〔2016〕192号', '国办发〔2016〕14号', '国办发〔2017〕7号'];
    expect(first.answers.nanjingPolicies).toEqual({
      on20180101: before2019,
      today: [...before2019, '国发〔2019〕11号'],
    });
    const nanjing = await zoneNamed('南京经济技术开发区');
    const today = await get('policy-registry', `/v1/zones/${nanjing.zoneId}/policies`);
    expect(today.items.map((policy: Loose) => policy.documentNumber)).toContain('国发〔2019〕11号');
  });

  it("delivers the story's events to the analyst's receiver, each verified", async () => {
    const { notifications } = first.answers;
    expect(notifications.received).toBe(notifications.delivered);
    expect(notifications.byType['zoneledger.zone.v1.ZonesMerged']).toBe(7);
    expect(notifications.byType['zoneledger.policy.v1.PolicyIssued']).toBeGreaterThanOrEqual(1);
    const received = (await (await fetch(`${receiver.baseUrl}/notifications`)).json()) as Loose;
    expect(received.refused).toBe(0);
    expect(received.items.map((item: Loose) => item.subject)).toContain('policy-gf-2019-11');
    // Nothing outside the filter: the exits (Gansu, Ningxia) and Taiyuan's merger (Shanxi).
    expect(received.items.map((item: Loose) => item.type)).not.toContain(
      'zoneledger.zone.v1.ZoneExited',
    );
  });

  it('changes nothing when played again', async () => {
    const received = (await (await fetch(`${receiver.baseUrl}/notifications`)).json()) as Loose;
    const second = await playStory(options);
    expect(second.changed).toBe(false);
    expect(second.steps.filter((step) => step.changed)).toEqual([]);
    expect(second.answers).toEqual(first.answers);
    const after = (await (await fetch(`${receiver.baseUrl}/notifications`)).json()) as Loose;
    expect(after.received).toBe(received.received);
  }, 240_000);
});
