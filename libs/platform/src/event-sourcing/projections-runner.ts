import { Inject, Injectable, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { physicalTopic } from '@zoneledger/messaging';
import type { Projection } from '@zoneledger/projections';
import type { ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG } from '../tokens';
import { ProjectionHost } from './projection-host';

/** The physical name of a domain topic in this deployment (its prefix applied). */
export type TopicOf = (topic: string) => string;

/**
 * A provider that hosts the projections `build` returns while the service runs, each on the
 * physical topics of this deployment: a service lists it in its module instead of writing a
 * runner class of its own per read model.
 */
export function projectionsRunner(
  name: string,
  build: (topicOf: TopicOf) => readonly Projection[],
): Type<OnApplicationBootstrap> {
  @Injectable()
  class ProjectionsRunner implements OnApplicationBootstrap {
    constructor(
      @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
      private readonly projections: ProjectionHost,
    ) {}

    async onApplicationBootstrap(): Promise<void> {
      const topicOf: TopicOf = (topic) => physicalTopic(this.config.topicPrefix, topic);
      for (const projection of build(topicOf)) await this.projections.host(projection);
    }
  }
  // Nest names providers by their class: each runner keeps the name its service gave it.
  Object.defineProperty(ProjectionsRunner, 'name', { value: name });
  return ProjectionsRunner;
}
