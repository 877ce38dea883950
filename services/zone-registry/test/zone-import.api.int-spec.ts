import { mintDevToken, SERVICE_CONFIG, type Role, type ServiceConfig } from '@zoneledger/platform';
import { eventually } from '@zoneledger/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importedZoneId } from '../src/application/zone-import.model';
import { startZoneRegistry, type ZoneRegistryUnderTest } from './zone-registry.harness';

const HEADER = 'name_en,name_zh,province,city,approved_year';
const SEED_CSV = readFileSync(join(__dirname, '..', 'seed', 'etdz-national.csv'), 'utf8');

/** POSTs an import as a zone admin (or with the given role, or with no token at all). */
async function postImport(
  registry: ZoneRegistryUnderTest,
  body: string | object,
  as: Role | 'nobody' = 'zone-admin',
): Promise<Response> {
  const { jwtSecret } = registry.app.get<ServiceConfig>(SERVICE_CONFIG).auth;
  const token =
    as === 'nobody'
      ? undefined
      : await mintDevToken({ secret: jwtSecret ?? '', sub: 'importer', roles: [as] });
  return fetch(`${await registry.app.getUrl()}/v1/zones/imports`, {
    method: 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': typeof body === 'string' ? 'text/csv' : 'application/json',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function report(response: Response): Promise<Record<string, unknown>> {
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function problem(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(await response.json()).toMatchObject({ status, code });
}

const national = (nameZh: string) => importedZoneId({ nameZh, level: 'ZONE_LEVEL_NATIONAL' });

describe('zone import: the 232 national ETDZs, twice', () => {
  let registry: ZoneRegistryUnderTest;
  beforeAll(async () => {
    registry = await startZoneRegistry('zone_import_seed');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('registers every zone once and skips them all the second time', async () => {
    expect(await report(await postImport(registry, SEED_CSV))).toEqual({
      created: 232,
      skipped: 0,
      rejected: [],
    });
    expect(await report(await postImport(registry, SEED_CSV))).toEqual({
      created: 0,
      skipped: 232,
      rejected: [],
    });

    // The quoted name with a comma came through whole, under its derived id, in one event.
    const taiyuan = national('太原经济技术开发区（山西转型综改示范区太原区域）');
    const history = await (await registry.call('GET', `/v1/zones/${taiyuan}/history`)).json();
    expect(history).toEqual([
      expect.objectContaining({
        version: 1,
        type: 'ZoneRegistered',
        actor: 'importer',
        data: expect.objectContaining({
          nameEn:
            'Taiyuan Economic and Technological Development Zone (Shanxi Transformation and Comprehensive Reform Demonstration Zone, Taiyuan Area)',
          province: '山西省',
          kind: 'ZONE_KIND_ETDZ',
          level: 'ZONE_LEVEL_NATIONAL',
        }),
      }),
    ]);
    await eventually(
      async () => {
        const page = await (await registry.call('GET', '/v1/zones?limit=1')).json();
        expect(page).toMatchObject({ total: 232 });
      },
      { timeoutMs: 30_000 },
    );
  });
});

describe('zone import: JSON lists, refused rows, refused requests', () => {
  let registry: ZoneRegistryUnderTest;
  beforeAll(async () => {
    registry = await startZoneRegistry('zone_import');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  const zone = (name: string, overrides: Record<string, unknown> = {}) => ({
    nameZh: `${name}开发区${registry.id}`,
    nameEn: `${name} Development Zone ${registry.id}`,
    kind: 'ZONE_KIND_ETDZ',
    level: 'ZONE_LEVEL_NATIONAL',
    province: '浙江',
    city: '宁波市',
    approvedOn: { year: 1984, month: 10 },
    ...overrides,
  });
  const csvRow = (name: string, rest = '浙江,宁波,1984') =>
    `${name} ETDZ ${registry.id},${name}区${registry.id},${rest}`;
  const status = async (zoneId: string) =>
    (await registry.call('GET', `/v1/zones/${zoneId}`)).status;

  it('imports a JSON list; again, it skips them; with other data, it refuses the row', async () => {
    const ningbo = { ...zone('宁波'), zoneId: `ningbo-${registry.id}` };
    const daxie = zone('大榭');
    expect(await report(await postImport(registry, { zones: [ningbo, daxie] }))).toEqual({
      created: 2,
      skipped: 0,
      rejected: [],
    });
    expect(await (await registry.call('GET', `/v1/zones/${ningbo.zoneId}`)).json()).toMatchObject({
      nameZh: ningbo.nameZh,
      province: '浙江省',
      approvals: { ZONE_LEVEL_NATIONAL: { year: 1984, month: 10 } },
    });
    expect(await status(national(daxie.nameZh))).toBe(200);

    const again = await report(
      await postImport(registry, { zones: [ningbo, { ...daxie, city: '舟山市' }] }),
    );
    expect(again).toEqual({
      created: 0,
      skipped: 1,
      rejected: [
        expect.objectContaining({
          row: 2,
          name: daxie.nameZh,
          zoneId: national(daxie.nameZh),
          code: 'ZONE.ALREADY_REGISTERED',
          detail: expect.stringContaining('city'),
        }),
      ],
    });
  });

  it('skips a zone registered through POST /v1/zones with the same data', async () => {
    const beilun = { ...zone('北仑'), zoneId: `beilun-${registry.id}` };
    expect((await registry.call('POST', '/v1/zones', beilun)).status).toBe(201);
    expect(await report(await postImport(registry, { zones: [beilun] }))).toEqual({
      created: 0,
      skipped: 1,
      rejected: [],
    });
  });

  it('refuses the CSV rows that do not fit, by line, and creates the others', async () => {
    const csv = [
      HEADER,
      csvRow('Good'),
      csvRow('Atlantis', '亚特兰蒂斯,宁波,1984'),
      `Nameless ETDZ ${registry.id},,浙江,宁波,`,
      csvRow('Soon', '浙江,宁波,soon'),
      csvRow('Future', '浙江,宁波,2999'),
      `${csvRow('Wide')},extra`,
      `"Quoted, ETDZ ${registry.id}",引号区${registry.id},浙江,宁波,`,
      csvRow('Good'),
    ].join('\r\n');
    const imported = await report(await postImport(registry, csv));
    expect(imported).toMatchObject({ created: 2, skipped: 0 });
    expect(imported.rejected).toEqual([
      expect.objectContaining({ row: 3, code: 'ZONE.UNKNOWN_PROVINCE' }),
      expect.objectContaining({
        row: 4,
        name: `Nameless ETDZ ${registry.id}`,
        code: 'VALIDATION.FAILED',
        errors: [expect.objectContaining({ field: 'name_zh' })],
      }),
      expect.objectContaining({
        row: 5,
        code: 'VALIDATION.FAILED',
        errors: [expect.objectContaining({ field: 'approved_year' })],
      }),
      expect.objectContaining({ row: 6, code: 'ZONE.DATE_IN_FUTURE' }),
      expect.objectContaining({ row: 7, code: 'ZONE_IMPORT.COLUMN_COUNT' }),
      expect.objectContaining({ row: 9, code: 'ZONE_IMPORT.REPEATED_ZONE' }),
    ]);
    expect(await status(national(`Good区${registry.id}`))).toBe(200);
    expect(await status(national(`引号区${registry.id}`))).toBe(200);
    expect(await status(national(`Atlantis区${registry.id}`))).toBe(404);
    expect(await status(national(`Future区${registry.id}`))).toBe(404);
  });

  it('refuses a body that is no import CSV with 400, recording nothing', async () => {
    const rows = csvRow('Unread');
    const unread = national(`Unread区${registry.id}`);
    await problem(await postImport(registry, `${rows}\n`), 400, 'ZONE_IMPORT.UNREADABLE');
    await problem(
      await postImport(registry, `name,name_zh,province,city,year\n${rows}\n`),
      400,
      'ZONE_IMPORT.UNREADABLE',
    );
    await problem(
      await postImport(registry, `${HEADER}\n${rows}\n"never closed,x,y,z,\n`),
      400,
      'ZONE_IMPORT.UNREADABLE',
    );
    await problem(await postImport(registry, { zone: [] }), 400, 'VALIDATION.FAILED');
    expect(await status(unread)).toBe(404);
  });

  it('lets only zone admins import: 401 without a token, 403 for an analyst', async () => {
    const csv = `${HEADER}\n${csvRow('Guarded')}\n`;
    await problem(await postImport(registry, csv, 'nobody'), 401, 'AUTH.UNAUTHENTICATED');
    await problem(await postImport(registry, csv, 'analyst'), 403, 'AUTH.FORBIDDEN');
    expect(await status(national(`Guarded区${registry.id}`))).toBe(404);
  });
});
