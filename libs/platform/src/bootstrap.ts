import type { Server } from 'node:http';
import type { INestApplication, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { authenticateBeforeBody } from './auth/authenticate-before-body.middleware';
import { TokenVerifier } from './auth/token-verifier';
import { BackgroundThread } from './background/background-thread';
import { isBackgroundThread } from './background/background-thread-identity';
import { serveBackgroundThread } from './background/serve-background-thread';
import type { ServiceConfig } from './config/service-config';
import { installRequestBodyParsing } from './http/request-body';
import { answerParserErrorsWithProblems } from './http/client-errors';
import { refuseUnreadableRequestTargets } from './http/request-target.middleware';
import { declaredRouteBodyLimits } from './http/route-body-limits';
import { correlationIdMiddleware } from './logging/logging';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { Metrics } from './metrics/metrics';
import { serveServiceDocument, type ServiceDescription } from './openapi/service-document';
import { SERVICE_CONFIG } from './tokens';

/**
 * Applies what every service's HTTP surface shares and the module system cannot: logger,
 * shutdown hooks, correlation ids, request metrics, URL checks, authentication before any body
 * is read, bounded body parsing, the keep-alive timeout and OpenAPI at /docs.
 * Tests call it on apps they build, so they see what production serves.
 */
export function configureServiceApp(app: INestApplication, description: ServiceDescription): void {
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const server = app.getHttpServer() as Server;
  // Node closes an idle keep-alive connection after 5 s by default: a client that reuses it just
  // then gets ECONNRESET for a request the service never saw (bench:load counted some at 500/s).
  server.keepAliveTimeout = config.httpKeepAliveTimeoutSeconds * 1000;
  answerParserErrorsWithProblems(server);
  app.use(correlationIdMiddleware());
  app.use(httpMetricsMiddleware(app.get(Metrics)));
  app.use(refuseUnreadableRequestTargets);
  app.use(authenticateBeforeBody(app.get(TokenVerifier)));
  installRequestBodyParsing(app, {
    limitBytes: config.httpBodyLimitBytes,
    routes: declaredRouteBodyLimits(app),
  });
  serveServiceDocument(app, description);
}

/**
 * Boots a service: builds the app, listens on its configured port and logs where, then starts
 * the background thread if the configuration asks for one (BACKGROUND_THREAD). In that thread,
 * which runs the same main module, it serves the background work instead (no HTTP).
 */
export async function bootstrapService(
  module: Type,
  description: ServiceDescription,
): Promise<INestApplication | INestApplicationContext> {
  if (isBackgroundThread()) return serveBackgroundThread(module);
  // Body parsers come from configureServiceApp, with the configured limits.
  const app = await NestFactory.create(module, { bufferLogs: true, bodyParser: false });
  configureServiceApp(app, description);
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);
  await app.listen(config.port, '0.0.0.0');
  app
    .get(Logger)
    .log(`${config.service} listening on http://127.0.0.1:${config.port} (docs at /docs)`);
  // After the app's start: its migrations ran and its projections' tables exist.
  await app.get(BackgroundThread).start(process.argv[1]);
  return app;
}
