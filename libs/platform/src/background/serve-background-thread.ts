import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { parentPort } from 'node:worker_threads';
import { ProjectionHost } from '../event-sourcing/projection-host';
import { Metrics } from '../metrics/metrics';
import {
  crossedError,
  type BackgroundAnswer,
  type BackgroundArgs,
  type BackgroundMethod,
  type FromBackground,
  type ToBackground,
} from './background-thread.protocol';

/**
 * The background thread's side: runs `module` as an application context (no HTTP), whose
 * configuration gives this thread the relay and the projections, and answers the main thread.
 */
export async function serveBackgroundThread(module: Type): Promise<INestApplicationContext> {
  const port = parentPort;
  if (!port) throw new Error('serveBackgroundThread runs in a worker thread');
  const context = await NestFactory.createApplicationContext(module, { bufferLogs: true });
  context.useLogger(context.get(Logger));
  await context.init();
  const projections = context.get(ProjectionHost);
  const metrics = context.get(Metrics);
  const methods: {
    [M in BackgroundMethod]: (
      ...args: BackgroundArgs<M>
    ) => BackgroundAnswer<M> | Promise<BackgroundAnswer<M>>;
  } = {
    'projections.status': () => projections.status(),
    'projections.rebuild': (name) => projections.rebuild(name),
    'projections.rebuildStatus': (name) => projections.rebuildStatus(name),
    metrics: () => metrics.registry.getMetricsAsJSON(),
  };
  let stopped = false;
  port.on('message', (message: ToBackground) => {
    if (message.kind === 'stop') {
      if (stopped) return;
      stopped = true;
      void context.close().finally(() => process.exit(0));
    } else {
      const { id, method, args } = message;
      const call = methods[method] as (...parameters: readonly unknown[]) => unknown;
      Promise.resolve()
        .then(() => call(...args))
        .then(
          (value) => port.postMessage({ kind: 'answer', id, value } satisfies FromBackground),
          (error: unknown) =>
            port.postMessage({
              kind: 'failed',
              id,
              error: crossedError(error),
            } satisfies FromBackground),
        );
    }
  });
  port.postMessage({ kind: 'ready' } satisfies FromBackground);
  return context;
}
