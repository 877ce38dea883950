import type { JsonValue } from '@bufbuild/protobuf';
import {
  PolicyAmendedSchema,
  PolicyIssuedSchema,
  PolicyRepealedSchema,
  PolicySupersededSchema,
  ZoneRegisteredSchema,
  ZonesMergedSchema,
} from '@zoneledger/contracts';
import type { PolicyQueriesUnderTest, Recorded } from './policy-queries.harness';

type Json = Record<string, JsonValue>;

/** A date as events carry it. */
export const day = (year: number, month?: number, dayOfMonth?: number): Json => ({
  year,
  ...(month ? { month } : {}),
  ...(dayOfMonth ? { day: dayOfMonth } : {}),
});

/** An ISO date a year from now: a day certainly in the future wherever the test runs. */
export function nextYear(): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.toISOString().slice(0, 10);
}

/** A date of an ISO date string, as events carry it. */
export function dayOf(iso: string): Json {
  const [year, month, dayOfMonth] = iso.split('-').map(Number);
  return day(year, month, dayOfMonth);
}

/** Registers a national ETDZ in Anhui, as the zone-registry publishes it (stream version 1). */
export async function registerZone(
  reads: PolicyQueriesUnderTest,
  zoneId: string,
  overrides: Json = {},
  at: Recorded = {},
): Promise<void> {
  await reads.publishZoneEvent(
    zoneId,
    ZoneRegisteredSchema,
    {
      zoneId,
      nameZh: `开发区${zoneId}`,
      nameEn: `Zone ${zoneId}`,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      // Anhui: no test's scope of provinces names it, so each test's zones see its own policies.
      province: '安徽',
      city: '合肥市',
      region: 'REGION_CENTRAL',
      approvedOn: day(1994, 2),
      ...overrides,
    },
    { streamVersion: 1, ...at },
  );
}

/** A merger of `absorbed` into `survivor`, recorded on both streams (at version 2 unless told). */
export async function mergeZones(
  reads: PolicyQueriesUnderTest,
  mergerId: string,
  survivor: string,
  absorbed: string,
  effectiveOn: Json,
  versions = { absorbed: 2, survivor: 2 },
): Promise<void> {
  const merger = {
    mergerId,
    survivingZoneId: survivor,
    absorbedZoneIds: [absorbed],
    effectiveOn,
    kind: 'MERGER_KIND_ETDZ_HIGH_TECH_INTEGRATION',
  };
  await reads.publishZoneEvent(absorbed, ZonesMergedSchema, merger, {
    streamVersion: versions.absorbed,
  });
  await reads.publishZoneEvent(survivor, ZonesMergedSchema, merger, {
    streamVersion: versions.survivor,
  });
}

/** The data of a PolicyIssued: a notice of the State Council, scoped by `scope`. */
export function policyIssuedData(policyId: string, scope: Json, overrides: Json = {}): Json {
  return {
    policyId,
    documentNumber: `国发〔2019〕${policyId}号`,
    titleZh: `关于推进开发区创新提升的意见${policyId}`,
    titleEn: `Opinions on upgrading development zones ${policyId}`,
    issuer: '国务院',
    kind: 'POLICY_KIND_OPINIONS',
    issuedOn: day(2019, 5, 18),
    effectiveOn: day(2019, 5, 28),
    themes: ['reform autonomy'],
    measures: ['赋予国家级经开区更大改革自主权'],
    scope,
    ...overrides,
  };
}

/** Issues a policy, as the policy-registry publishes it. */
export function issuePolicy(
  reads: PolicyQueriesUnderTest,
  policyId: string,
  scope: Json,
  overrides: Json = {},
  at: Recorded = {},
): Promise<void> {
  return reads.publishPolicyEvent(
    PolicyIssuedSchema,
    policyIssuedData(policyId, scope, overrides),
    at,
  );
}

/** Amends a policy: version `version` of its text from `effectiveOn`. */
export function amendPolicy(
  reads: PolicyQueriesUnderTest,
  policyId: string,
  version: number,
  effectiveOn: Json,
  scope: Json,
): Promise<void> {
  return reads.publishPolicyEvent(PolicyAmendedSchema, {
    policyId,
    version,
    amendedOn: day(2024, 1, 2),
    effectiveOn,
    reason: '修订',
    changedFields: ['measures'],
    titleZh: `修订后的意见${policyId}`,
    themes: ['reform autonomy'],
    measures: [`第${version}版措施`],
    scope,
  });
}

/** Repeals a policy from `effectiveOn`, recorded at `at`. */
export function repealPolicy(
  reads: PolicyQueriesUnderTest,
  policyId: string,
  effectiveOn: Json,
  at: Recorded = {},
): Promise<void> {
  return reads.publishPolicyEvent(
    PolicyRepealedSchema,
    { policyId, effectiveOn, reason: '已废止' },
    at,
  );
}

/** `byPolicyId` supersedes `policyId` from `effectiveOn`. */
export function supersedePolicy(
  reads: PolicyQueriesUnderTest,
  policyId: string,
  byPolicyId: string,
  effectiveOn: Json,
): Promise<void> {
  return reads.publishPolicyEvent(PolicySupersededSchema, {
    policyId,
    supersededByPolicyId: byPolicyId,
    effectiveOn,
  });
}
