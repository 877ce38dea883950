import type { FactoryProvider, INestApplication } from '@nestjs/common';
import { ConfigError, parseByteSize, type ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG, SERVICE_ENV } from '../tokens';

/** A route taking larger bodies than HTTP_BODY_LIMIT allows the others (a bulk import). */
export interface RouteBodyLimitSetting {
  /**
   * The route's path, e.g. `/v1/zones/imports`, with `:name` for a path parameter
   * (`/v1/rounds/:roundId/indicators`); the limit covers its sub-paths too.
   */
  readonly path: string;
  /** The environment variable setting the limit, a size read like HTTP_BODY_LIMIT (`32mb`). */
  readonly variable: string;
  readonly defaultBytes: number;
}

/** The largest body a route takes, as configured. */
export interface RouteBodyLimit {
  readonly path: string;
  readonly limitBytes: number;
}

/** Injection token of a module's routes with body limits of their own (the platform has none). */
export const ROUTE_BODY_LIMITS = Symbol('ROUTE_BODY_LIMITS');

/**
 * The provider declaring, among a module's providers, which of its routes take larger bodies than
 * the rest. The platform's body parsing applies them (configureServiceApp), so every app built
 * from the module, a test's too, has them. A bad value stops the service at start-up, as any bad
 * configuration does.
 */
export function routeBodyLimits(
  ...settings: RouteBodyLimitSetting[]
): FactoryProvider<RouteBodyLimit[]> {
  return {
    provide: ROUTE_BODY_LIMITS,
    useFactory: (config: ServiceConfig, env: Readonly<Record<string, string | undefined>>) =>
      readRouteBodyLimits(settings, env, config.service),
    inject: [SERVICE_CONFIG, SERVICE_ENV],
  };
}

/** The routes' limits from the environment; throws ConfigError naming every bad variable. */
export function readRouteBodyLimits(
  settings: readonly RouteBodyLimitSetting[],
  env: Readonly<Record<string, string | undefined>>,
  service: string,
): RouteBodyLimit[] {
  const problems: string[] = [];
  const limits = settings.map(({ path, variable, defaultBytes }) => {
    const value = env[variable];
    const limitBytes = value === undefined ? defaultBytes : parseByteSize(value);
    if (limitBytes === undefined)
      problems.push(`${variable} must be a size such as 1048576, 512kb or 32mb, got "${value}"`);
    return { path, limitBytes: limitBytes ?? defaultBytes };
  });
  if (problems.length > 0) throw new ConfigError(service, problems);
  return limits;
}

/** Every route limit the app's modules declare. */
export function declaredRouteBodyLimits(app: INestApplication): RouteBodyLimit[] {
  return app.get<RouteBodyLimit[]>(ROUTE_BODY_LIMITS, { strict: false, each: true }).flat();
}
