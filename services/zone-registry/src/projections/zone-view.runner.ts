import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics } from '@zoneledger/contracts';
import { physicalTopic } from '@zoneledger/messaging';
import { ProjectionHost, SERVICE_CONFIG, type ServiceConfig } from '@zoneledger/platform';
import { zoneViewProjection } from './zone-view.projection';

/** Keeps the zone_view read model up to date from the zones topic while the service runs. */
@Injectable()
export class ZoneViewRunner implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly projections: ProjectionHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projections.host(
      zoneViewProjection(physicalTopic(this.config.topicPrefix, Topics.zones)),
    );
  }
}
