import { ConfigError } from '../config/service-config';
import { readRouteBodyLimits } from './route-body-limits';
import { routeCovers } from './request-body';

const IMPORTS = { path: '/v1/zones/imports', variable: 'ZONE_IMPORT_BODY_LIMIT', defaultBytes: 32 };
const EXPORTS = { path: '/v1/zones/exports', variable: 'ZONE_EXPORT_BODY_LIMIT', defaultBytes: 64 };

describe('readRouteBodyLimits', () => {
  it('gives each route its default when its variable is not set', () => {
    expect(readRouteBodyLimits([IMPORTS, EXPORTS], {}, 'zone-registry')).toEqual([
      { path: '/v1/zones/imports', limitBytes: 32 },
      { path: '/v1/zones/exports', limitBytes: 64 },
    ]);
  });

  it('reads a variable as HTTP_BODY_LIMIT is read (bytes, kb or mb)', () => {
    const env = { ZONE_IMPORT_BODY_LIMIT: '48mb', ZONE_EXPORT_BODY_LIMIT: '2048' };
    expect(readRouteBodyLimits([IMPORTS, EXPORTS], env, 'zone-registry')).toEqual([
      { path: '/v1/zones/imports', limitBytes: 48 * 1024 * 1024 },
      { path: '/v1/zones/exports', limitBytes: 2048 },
    ]);
  });

  it('names every bad variable in one ConfigError', () => {
    const env = { ZONE_IMPORT_BODY_LIMIT: 'huge', ZONE_EXPORT_BODY_LIMIT: '0' };
    let thrown: unknown;
    try {
      readRouteBodyLimits([IMPORTS, EXPORTS], env, 'zone-registry');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(thrown).toMatchObject({
      service: 'zone-registry',
      problems: [
        'ZONE_IMPORT_BODY_LIMIT must be a size such as 1048576, 512kb or 32mb, got "huge"',
        'ZONE_EXPORT_BODY_LIMIT must be a size such as 1048576, 512kb or 32mb, got "0"',
      ],
    });
  });
});

describe('routeCovers', () => {
  it('covers the route and the paths below it', () => {
    expect(routeCovers('/v1/zones/imports', '/v1/zones/imports')).toBe(true);
    expect(routeCovers('/v1/zones/imports', '/v1/zones/imports/abc')).toBe(true);
    expect(routeCovers('/v1/zones/imports', '/v1/zones/importsx')).toBe(false);
    expect(routeCovers('/v1/zones/imports', '/v1/zones')).toBe(false);
  });

  it('reads a :name segment as any one segment, never an empty one', () => {
    const route = '/v1/rounds/:roundId/indicators';
    expect(routeCovers(route, '/v1/rounds/2023/indicators')).toBe(true);
    expect(routeCovers(route, '/v1/rounds/2023/corrections')).toBe(false);
    expect(routeCovers(route, '/v1/rounds//indicators')).toBe(false);
    expect(routeCovers(route, '/v1/rounds/2023')).toBe(false);
  });
});
