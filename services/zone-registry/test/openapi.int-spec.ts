import { Topics } from '@zoneledger/contracts';
import { createProducer, physicalTopic } from '@zoneledger/messaging';
import { KAFKA } from '@zoneledger/platform';
import { eventually } from '@zoneledger/testing';
import Ajv from 'ajv';
import type { Kafka } from 'kafkajs';
import { policyIssued } from './policy-events';
import {
  startZoneRegistry,
  zoneRegistration,
  type ZoneRegistryUnderTest,
} from './zone-registry.harness';

// The OpenAPI document is what government systems generate their clients from: every success it
// documents must be what the API really answers. Each real answer below is validated against the
// schema the document gives its operation and status, with one rule added: a property the schema
// does not declare is an error, so an answer that says more than its documentation fails too.

interface DocumentedResponse {
  readonly content?: Record<string, { readonly schema?: object }>;
  readonly headers?: Record<string, unknown>;
}

interface OpenApiDocument {
  readonly paths: Record<
    string,
    Record<string, { readonly responses: Record<string, DocumentedResponse> }>
  >;
  readonly components: { readonly schemas: Record<string, object> };
}

interface Operation {
  /** `GET /v1/zones/{zoneId}`, as the document names its path. */
  readonly name: string;
  readonly responses: Record<string, DocumentedResponse>;
}

/** Every operation of the document. */
function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, { responses }]) => ({
      name: `${method.toUpperCase()} ${path}`,
      responses,
    })),
  );
}

/** The operation's documented success: its status and response. */
function successOf({ name, responses }: Operation): [number, DocumentedResponse] {
  const successes = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
  if (successes.length !== 1) throw new Error(`${name} documents ${successes.length} successes`);
  const [[status, response]] = successes;
  return [Number(status), response];
}

// The same schema with every object closed to properties it does not declare.
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const entries = Object.entries(schema).map(([key, value]) => [key, closed(value)]);
  const object = Object.fromEntries(entries) as Record<string, unknown>;
  return 'properties' in object && !('additionalProperties' in object)
    ? { ...object, additionalProperties: false }
    : object;
}

/** Checks values against schemas of the document, their $refs resolved in its components. */
function schemaChecker(document: OpenApiDocument): (schema: object, value: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, extendRefs: true });
  const components = closed(document.components);
  return (schema, value) => {
    const validate = ajv.compile({ ...(closed(schema) as object), components });
    if (validate(value)) return [];
    return (validate.errors ?? []).map(({ dataPath, message, params }) =>
      'additionalProperty' in params
        ? `${dataPath} has ${params.additionalProperty}, undocumented`
        : `${dataPath} ${message}`,
    );
  };
}

describe('the OpenAPI document (/docs-json): every success documented as the API answers it', () => {
  let registry: ZoneRegistryUnderTest;
  let document: OpenApiDocument;
  let mismatches: (schema: object, value: unknown) => string[];
  const answered = new Set<string>();

  beforeAll(async () => {
    registry = await startZoneRegistry('zones_openapi');
    const served = await registry.call('GET', '/docs-json');
    expect(served.status).toBe(200);
    document = (await served.json()) as OpenApiDocument;
    mismatches = schemaChecker(document);
  });
  afterAll(async () => {
    await registry?.stop();
  });

  function operationNamed(name: string): Operation {
    const operation = operationsOf(document).find((documented) => documented.name === name);
    if (!operation) throw new Error(`the document has no operation ${name}`);
    return operation;
  }

  /**
   * Calls the operation (`POST /v1/zones/{zoneId}/exit`) with the path's parameters filled in and
   * checks the answer against its documented success: status, body, and the ETag of the version
   * in the body where one is documented. Returns the body.
   */
  async function call<Answer = Record<string, unknown>>(
    name: string,
    request: { params?: Record<string, string>; query?: string; body?: unknown } = {},
  ): Promise<Answer> {
    const [method, route] = name.split(' ');
    const path = route.replace(/\{(\w+)\}/g, (_, param: string) =>
      encodeURIComponent(request.params?.[param] ?? ''),
    );
    const response = await registry.call(method, `${path}${request.query ?? ''}`, request.body);
    const body: unknown = await response.json();
    const [status, documented] = successOf(operationNamed(name));
    expect({
      name,
      status: response.status,
      ...(response.ok ? {} : { problem: body }),
      mismatches: mismatches(documented.content?.['application/json']?.schema ?? {}, body),
      versionEtag: response.headers.get('etag') === `"${(body as { version?: number }).version}"`,
    }).toEqual({
      name,
      status,
      mismatches: [],
      versionEtag: documented.headers?.ETag !== undefined,
    });
    answered.add(name);
    return body as Answer;
  }

  /** Registers zones one by one and by import; returns their ids by name. */
  async function registerZones() {
    const register = async (name: string, overrides: Record<string, unknown> = {}) => {
      const body = zoneRegistration(registry, name, overrides);
      await call('POST /v1/zones', { body });
      return body.zoneId;
    };
    const sip = await register('sip', { industryFocus: ['电子信息', '生物医药'] });
    const hefei = await register('hefei', {
      level: 'ZONE_LEVEL_PROVINCIAL',
      province: '安徽',
      city: '合肥市',
    });
    const [wuhu, jiuquan, kunshan, taicang, changshu] = await Promise.all(
      ['wuhu', 'jiuquan', 'kunshan', 'taicang', 'changshu'].map((name) => register(name)),
    );
    const wuxi = zoneRegistration(registry, 'wuxi');
    const report = await call<{ importId: string }>('POST /v1/zones/imports', {
      body: { zones: [wuxi, { nameEn: 'Nameless' }] },
    });
    expect(report).toMatchObject({
      created: 1,
      rejected: 1,
      firstRejected: [{ code: 'VALIDATION.FAILED' }],
    });
    const params = { importId: report.importId };
    await call('GET /v1/zones/imports/{importId}', { params });
    // A rejected row with field errors, and a created one naming its zone.
    const rows = await call<{ items: unknown[] }>('GET /v1/zones/imports/{importId}/rows', {
      params,
    });
    expect(rows.items).toEqual([
      expect.objectContaining({ outcome: 'created', zoneId: wuxi.zoneId }),
      expect.objectContaining({
        outcome: 'rejected',
        errors: expect.arrayContaining([expect.objectContaining({ field: 'nameZh' })]),
      }),
    ]);
    return { sip, hefei, wuhu, jiuquan, kunshan, taicang, changshu, wuxi: wuxi.zoneId };
  }

  /** Every command on one zone, each on a zone it suits. */
  async function changeZones({ sip, hefei, wuhu, jiuquan, wuxi }: Record<string, string>) {
    const change = (operation: string, zoneId: string, body: unknown) =>
      call(operation, { params: { zoneId }, body });
    await change('PATCH /v1/zones/{zoneId}/profile', wuxi, {
      city: '无锡市',
      reason: 'The zone is administered by Wuxi',
    });
    await change('PUT /v1/zones/{zoneId}/industry-focus', sip, {
      industryFocus: ['集成电路', '纳米技术'],
      effectiveOn: { year: 2018 },
    });
    await change('POST /v1/zones/{zoneId}/renames', sip, {
      nameZh: `苏州工业园区${registry.id}`,
      nameEn: `Suzhou Industrial Park ${registry.id}`,
      effectiveOn: { year: 2019, month: 5 },
      basisPolicyId: 'state-council-2019-5',
    });
    await change('POST /v1/zones/{zoneId}/corrections', sip, {
      nameEn: `China-Singapore Suzhou Industrial Park ${registry.id}`,
      approvedOn: { year: 1994, month: 2, day: 11 },
      reason: 'The approval day and the English name were recorded wrongly',
    });
    await change('POST /v1/zones/{zoneId}/autonomy-grants', sip, {
      power: '土地集约利用审批权',
      policyId: 'gf-2019-11',
      effectiveOn: { year: 2019, month: 5, day: 18 },
    });
    await change('POST /v1/zones/{zoneId}/upgrade', hefei, {
      effectiveOn: { year: 2010, month: 3 },
      kind: 'ZONE_KIND_HIGH_TECH_ZONE',
      basisPolicyId: 'state-council-2010-1',
    });
    await change('POST /v1/zones/{zoneId}/downgrade', wuhu, {
      effectiveOn: { year: 2021, month: 6 },
      reason: 'bottom of the ranking two years running',
    });
    await change('POST /v1/zones/{zoneId}/exit', jiuquan, {
      effectiveOn: { year: 2020, month: 1, day: 17 },
      basisPolicyId: 'state-council-2020-exit',
      reason: 'bottom five two years running',
    });
  }

  /** A merger into an existing zone and one that creates its zone; returns the created zone. */
  async function mergeZones({ sip, kunshan, taicang, changshu }: Record<string, string>) {
    const effectiveOn = { year: 2020, month: 6, day: 1 };
    await call('POST /v1/mergers', {
      body: {
        survivingZoneId: sip,
        absorbedZoneIds: [kunshan],
        effectiveOn,
        kind: 'MERGER_KIND_ZONE_DISTRICT_INTEGRATION',
      },
    });
    const created = await call<{ survivingZoneId: string }>('POST /v1/mergers', {
      body: {
        absorbedZoneIds: [taicang, changshu],
        newZone: {
          nameZh: `苏州高新区${registry.id}`,
          nameEn: `Suzhou New District ${registry.id}`,
          kind: 'ZONE_KIND_HIGH_TECH_ZONE',
          level: 'ZONE_LEVEL_NATIONAL',
          province: '江苏',
          industryFocus: ['新一代信息技术'],
        },
        effectiveOn,
        kind: 'MERGER_KIND_ETDZ_HIGH_TECH_INTEGRATION',
        basisPolicyId: 'su-zheng-2020-7',
      },
    });
    return created.survivingZoneId;
  }

  /** A policy event grants a power to a zone in the register and to one that left it. */
  async function grantByPolicy(inRegister: string, exited: string): Promise<void> {
    const policyId = `gf-2024-${registry.id}`;
    const producer = createProducer(registry.app.get<Kafka>(KAFKA));
    await producer.connect();
    const autonomyGrants = [{ power: '外商投资项目核准权', zoneIds: [inRegister, exited] }];
    await producer
      .send({
        topic: physicalTopic(registry.topicPrefix, Topics.policies),
        messages: [policyIssued({ policyId, issuedOn: { year: 2024, month: 3 }, autonomyGrants })],
      })
      .finally(() => producer.disconnect());
    const outcomes = await eventually(
      async () => {
        const page = await call<{ total: number; items: { outcome: string }[] }>(
          'GET /v1/policy-autonomy-grants',
          { query: `?policyId=${encodeURIComponent(policyId)}` },
        );
        expect(page.total).toBe(2);
        return page.items.map((grant) => grant.outcome);
      },
      { timeoutMs: 30_000 },
    );
    expect(outcomes.sort()).toEqual(['granted', 'rejected']);
  }

  /** Reads each zone every way, then lists them all; returns the statuses and events seen. */
  async function readZones(zoneIds: string[]) {
    const statuses = new Set<string>();
    const eventTypes = new Set<string>();
    for (const zoneId of zoneIds) {
      const params = { zoneId };
      const zone = await call<{ status: { kind: string } }>('GET /v1/zones/{zoneId}', { params });
      statuses.add(zone.status.kind);
      const history = await call<{ type: string }[]>('GET /v1/zones/{zoneId}/history', { params });
      for (const entry of history) eventTypes.add(entry.type);
      await call('GET /v1/zones/{zoneId}/lineage', { params });
    }
    await eventually(
      async () => {
        const query = `?q=${encodeURIComponent(registry.id)}&limit=100`;
        expect((await call('GET /v1/zones', { query })).total).toBe(zoneIds.length);
      },
      { timeoutMs: 30_000 },
    );
    return { statuses: [...statuses].sort(), eventTypes: [...eventTypes].sort() };
  }

  it('documents a JSON body schema for the success of every operation (a 204 has none)', () => {
    const undocumented = operationsOf(document)
      .map((operation) => ({ operation: operation.name, success: successOf(operation) }))
      .filter(
        ({ success: [status, response] }) =>
          status !== 204 && response.content?.['application/json']?.schema === undefined,
      )
      .map(({ operation }) => operation);

    expect(undocumented).toEqual([]);
  });

  it('answers every operation of the register as documented: status, body and ETag', async () => {
    const zones = await registerZones();
    await changeZones(zones);
    const created = await mergeZones(zones);
    await grantByPolicy(zones.hefei, zones.jiuquan);
    const seen = await readZones([...Object.values(zones), created]);

    // Each shape the document gives a status or a history entry was compared with a real one.
    const history = successOf(operationNamed('GET /v1/zones/{zoneId}/history'))[1].content?.[
      'application/json'
    ]?.schema as { items: { discriminator: { mapping: object } } };
    expect(seen.eventTypes).toEqual(Object.keys(history.items.discriminator.mapping).sort());
    expect(seen.statuses).toEqual(['active', 'downgraded', 'exited', 'merged']);
    // And every operation of the register was answered (the operators' endpoints under
    // /v1/admin are the platform's, tested with it).
    const registerOperations = operationsOf(document)
      .map(({ name }) => name)
      .filter((name) => !name.split(' ')[1].startsWith('/v1/admin/'));
    expect([...answered].sort()).toEqual(registerOperations.sort());
  });
});
