import { waitUntil, type StoryContext } from './story-context';
import type { ZoneRef } from './story-seed';

/** A zone as GET /v1/zones shows it (the fields the story reads). */
export interface ZoneView {
  readonly zoneId: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly kind: string;
  readonly level: string;
  readonly province: string;
  readonly status: { readonly kind: string };
  readonly industryFocus: readonly string[];
}

/** The zone a reference names among the zones a search found: same Chinese name and level. */
export function zoneNamed(ref: ZoneRef, candidates: readonly ZoneView[]): ZoneView | undefined {
  const name = ref.nameZh.trim().replace(/\s+/g, ' ').normalize('NFC');
  const level = ref.level ?? 'ZONE_LEVEL_NATIONAL';
  return candidates.find((zone) => zone.nameZh.normalize('NFC') === name && zone.level === level);
}

/**
 * The zone a reference names: found by name through the zone register's list (its read model
 * follows the register within moments: a zone just imported is waited for), then read from its
 * own stream (GET /v1/zones/{id}), which is never behind: its status and industries are the
 * register's, whatever the list shows.
 */
export async function findZone(context: StoryContext, ref: ZoneRef): Promise<ZoneView> {
  let found: ZoneView | undefined;
  const query = new URLSearchParams({
    q: ref.nameZh,
    level: ref.level ?? 'ZONE_LEVEL_NATIONAL',
    limit: '100',
  });
  await waitUntil(
    `the zone ${ref.nameZh} in the zone register`,
    async () => {
      const page = await context.services.zones.ok<{ items: ZoneView[] }>(
        `search for ${ref.nameZh}`,
        'GET',
        `/v1/zones?${query}`,
      );
      found = zoneNamed(ref, page.items);
      return found !== undefined;
    },
    context.waitTimeoutMs,
  );
  return zoneNow(context, (found as ZoneView).zoneId);
}

/** The zone as it stands now (its own read, not the list's). */
export async function zoneNow(context: StoryContext, zoneId: string): Promise<ZoneView> {
  return context.services.zones.ok<ZoneView>(`zone ${zoneId}`, 'GET', `/v1/zones/${zoneId}`);
}
