import type { ConsumedEvent } from '@zoneledger/messaging';
import type { Projection, ProjectionContext } from '@zoneledger/projections';
import type { EntityManager } from 'typeorm';
import {
  notificationFacts,
  type NotificationFacts,
  type PolicyProfile,
  type ZoneProfile,
} from '../domain';
import { profileChanges, type ProfileChanges } from './reference-profiles';

/** The intake's name: keys its checkpoints, its tables' generations and its consumer group. */
export const NOTIFICATION_INTAKE = 'notification-intake';

/** What the intake remembers of each zone: its province, region and kind, and its survivor. */
export const ZONE_PROFILES = 'zone_profiles';
/** What the intake remembers of each policy: its issuer and themes. */
export const POLICY_PROFILES = 'policy_profiles';

/** What becomes of an event the notifier can notify, once its facts are known. */
export type NotifyEvent = (
  event: ConsumedEvent,
  facts: NotificationFacts,
  mergers: ProfileChanges['zones'],
) => Promise<void>;

/**
 * The intake: every event of the zone, policy and assessment topics, in partition order. Its
 * facts (notificationFacts) are completed with what the intake remembers of the zones and the
 * policy it concerns, the profiles the event changes are kept (in this projection's tables, in
 * the transaction that moves the checkpoint), and `notify` feeds and matches it. `notify`
 * writes in transactions of its own, before the checkpoint commits: a crash in between
 * redelivers the event, and notify's writes are idempotent (one feed row per event id, one
 * notification stream per subscription and event). An event type the notifier does not know is
 * passed over.
 */
export function notificationIntake(topics: readonly string[], notify: NotifyEvent): Projection {
  return {
    name: NOTIFICATION_INTAKE,
    topics,
    tables: [ZONE_PROFILES, POLICY_PROFILES],
    async createTables(manager, context) {
      const zones = context.table(ZONE_PROFILES);
      await manager.query(`create table ${zones} (
        zone_id text primary key,
        province text,
        region text,
        kind text,
        survivor_id text,
        tx xid8 not null default pg_current_xact_id())`);
      await manager.query(
        `create index ${zones}_mergers on ${zones} (tx) where survivor_id is not null`,
      );
      await manager.query(`create table ${context.table(POLICY_PROFILES)} (
        policy_id text primary key,
        issuer text,
        themes jsonb)`);
    },
    async handle(event, manager, context) {
      const type = event.cloudEvent.type;
      const facts = await factsOf(event, manager, context);
      const changes = profileChanges(type, event.data);
      await keepProfiles(changes, manager, context);
      if (facts) {
        const mergers = changes.zones.filter((zone) => zone.survivorId !== undefined);
        await notify(event, facts, mergers);
      }
    },
  };
}

// The event's facts, completed with the profiles of the zones and the policy it names.
async function factsOf(
  event: ConsumedEvent,
  manager: EntityManager,
  context: ProjectionContext,
): Promise<NotificationFacts | undefined> {
  const type = event.cloudEvent.type;
  const bare = notificationFacts(type, event.data);
  if (!bare) return undefined;
  const policyId = (event.data as { policyId?: unknown }).policyId;
  const zones = new Map<string, ZoneProfile>();
  if (bare.zoneIds.length > 0) {
    const rows: {
      zone_id: string;
      province: string | null;
      region: string | null;
      kind: string | null;
    }[] = await manager.query(
      `select zone_id, province, region, kind from ${context.table(ZONE_PROFILES)}
         where zone_id = any($1)`,
      [bare.zoneIds],
    );
    for (const row of rows)
      zones.set(row.zone_id, {
        ...(row.province ? { province: row.province } : {}),
        ...(row.region ? { region: row.region } : {}),
        ...(row.kind ? { kind: row.kind } : {}),
      } as ZoneProfile);
  }
  let policy: PolicyProfile | undefined;
  if (typeof policyId === 'string' && policyId !== '') {
    const [row]: { issuer: string | null; themes: string[] | null }[] = await manager.query(
      `select issuer, themes from ${context.table(POLICY_PROFILES)} where policy_id = $1`,
      [policyId],
    );
    if (row)
      policy = {
        ...(row.issuer ? { issuer: row.issuer } : {}),
        ...(row.themes ? { themes: row.themes } : {}),
      };
  }
  if (zones.size === 0 && !policy) return bare;
  return notificationFacts(type, event.data, {
    zone: (zoneId) => zones.get(zoneId),
    policy: () => policy,
  });
}

// Each field an event says replaces the one kept; what it leaves out stays.
async function keepProfiles(
  { zones, policies }: ProfileChanges,
  manager: EntityManager,
  context: ProjectionContext,
): Promise<void> {
  const zoneTable = context.table(ZONE_PROFILES);
  for (const zone of zones)
    await manager.query(
      `insert into ${zoneTable} (zone_id, province, region, kind, survivor_id)
       values ($1, $2, $3, $4, $5)
       on conflict (zone_id) do update set
         province = coalesce(excluded.province, ${zoneTable}.province),
         region = coalesce(excluded.region, ${zoneTable}.region),
         kind = coalesce(excluded.kind, ${zoneTable}.kind),
         survivor_id = coalesce(excluded.survivor_id, ${zoneTable}.survivor_id),
         tx = pg_current_xact_id()`,
      [
        zone.zoneId,
        zone.province ?? null,
        zone.region ?? null,
        zone.kind ?? null,
        zone.survivorId ?? null,
      ],
    );
  const policyTable = context.table(POLICY_PROFILES);
  for (const policy of policies)
    await manager.query(
      `insert into ${policyTable} (policy_id, issuer, themes) values ($1, $2, $3)
       on conflict (policy_id) do update set
         issuer = coalesce(excluded.issuer, ${policyTable}.issuer),
         themes = coalesce(excluded.themes, ${policyTable}.themes)`,
      [
        policy.policyId,
        policy.issuer ?? null,
        policy.themes ? JSON.stringify(policy.themes) : null,
      ],
    );
}
