import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { dayBefore } from '@zoneledger/shared-kernel';
import { absorbedZones, zonesOnDay, type ZoneOnDayRow } from '@zoneledger/zone-timeline';
import {
  POLICIES_IN_FORCE_FOR_ZONE,
  scopeOnDayMatches,
  type InForceVersionRow,
} from './in-force.sql';
import { ZoneNotKnownError } from './policy-read.errors';
import { policyVersionView, type PolicyApplication, type ZonePolicyView } from './policy-views';
import type { ReadTimes } from './read-times';

/** The policies in force for a zone on a day, as known at a moment. */
export interface ZonePolicies extends ReadTimes {
  readonly zoneId: string;
  readonly items: ZonePolicyView[];
}

const STANDING: readonly string[] = ['active', 'downgraded'];

interface Absorbed {
  readonly zone_id: string;
  readonly merger_id: string;
  readonly merged_from: string;
}

/** Which policies apply to a zone, read from the policy and zone timelines. */
@Injectable()
export class ZonePoliciesQuery {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The policies in force for `zoneId` on `inForceOn` as known at `asOf`, each with why it
   * applies; after a merger, also those of the zones it absorbed (as they stood the day before),
   * marked with the zone they came from. A policy applying both ways is listed once, directly.
   */
  async forZone(zoneId: string, times: ReadTimes): Promise<ZonePolicies> {
    const known: unknown[] = await this.db.query(
      `select 1 from zone_timeline where zone_id = $1 and recorded_at <= $2 limit 1`,
      [zoneId, times.asOf],
    );
    if (known.length === 0) throw new ZoneNotKnownError(zoneId, times.asOf);
    const items = new Map<string, ZonePolicyView>();
    const zone = await this.zoneOn(zoneId, times.inForceOn, times.asOf);
    // A zone merged or exited by then has no policies, its own or inherited.
    if (!zone || !STANDING.includes(zone.status)) return { zoneId, ...times, items: [] };
    await this.collect(items, zone, times);
    for (const absorbed of await this.absorbedBy(zoneId, times)) {
      const before = await this.zoneOn(
        absorbed.zone_id,
        dayBefore(absorbed.merged_from),
        times.asOf,
      );
      const inheritedFrom = {
        zoneId: absorbed.zone_id,
        mergerId: absorbed.merger_id,
        mergedOn: absorbed.merged_from,
      };
      if (before) await this.collect(items, before, times, inheritedFrom);
    }
    return { zoneId, ...times, items: [...items.values()] };
  }

  private async collect(
    items: Map<string, ZonePolicyView>,
    zone: ZoneOnDayRow,
    times: ReadTimes,
    inheritedFrom?: PolicyApplication['inheritedFrom'],
  ): Promise<void> {
    const rows: InForceVersionRow[] = await this.db.query(POLICIES_IN_FORCE_FOR_ZONE, [
      times.inForceOn,
      times.asOf,
      zone.zone_id,
      zone.kind,
      zone.level,
      zone.province,
      zone.region,
    ]);
    for (const row of rows) {
      if (items.has(row.policy_id)) continue;
      const match = scopeOnDayMatches(row.scope, zone);
      if (!match.matches) continue;
      const appliesThrough: PolicyApplication = {
        zoneId: zone.zone_id,
        matchedBy: match.matchedBy,
        ...(inheritedFrom ? { inheritedFrom } : {}),
      };
      items.set(row.policy_id, { ...policyVersionView(row), appliesThrough });
    }
  }

  private async zoneOn(zoneId: string, day: string, asOf: Date): Promise<ZoneOnDayRow | undefined> {
    const [zone]: ZoneOnDayRow[] = await this.db.query(
      `select * from ${zonesOnDay('zone_id = $3')}`,
      [day, asOf, zoneId],
    );
    return zone;
  }

  // The zones merged into `zoneId` by the day asked, as known then, and those merged into them.
  private absorbedBy(zoneId: string, times: ReadTimes): Promise<Absorbed[]> {
    return this.db.query(
      `${absorbedZones('$3', { day: '$1', asOf: '$2' })}
       select zone_id, merger_id, to_char(merged_from, 'YYYY-MM-DD') as merged_from
       from absorbed where depth > 0 order by depth, merged_from, zone_id`,
      [times.inForceOn, times.asOf, zoneId],
    );
  }
}
