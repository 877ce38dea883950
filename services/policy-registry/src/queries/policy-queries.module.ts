import { Module } from '@nestjs/common';
import { Topics } from '@zoneledger/contracts';
import { projectionsRunner } from '@zoneledger/platform';
import { PolicyQueriesHttpController } from '../api/policy-queries.http.controller';
import { ZonePoliciesHttpController } from '../api/zone-policies.http.controller';
import { policyTimelineProjection } from '../projections/policy-timeline.projection';
import { zoneTimelineProjection } from '@zoneledger/zone-timeline';
import { PolicyLinksQuery } from './policy-links.query';
import { PolicyListQuery } from './policy-list.query';
import { PolicyStandingQuery } from './policy-standing.query';
import { PolicyZonesQuery } from './policy-zones.query';
import { ZonePoliciesQuery } from './zone-policies.query';

/** Keeps the policy and zone timelines up to date from their topics while the service runs. */
export const PolicyTimelinesRunner = projectionsRunner('PolicyTimelinesRunner', (topicOf) => [
  policyTimelineProjection(topicOf(Topics.policies)),
  zoneTimelineProjection(topicOf(Topics.zones)),
]);

/** The policy register's read side: bitemporal timelines of policies and zones, and their queries. */
@Module({
  controllers: [PolicyQueriesHttpController, ZonePoliciesHttpController],
  providers: [
    PolicyTimelinesRunner,
    ZonePoliciesQuery,
    PolicyZonesQuery,
    PolicyStandingQuery,
    PolicyListQuery,
    PolicyLinksQuery,
  ],
})
export class PolicyQueriesModule {}
