import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PROBLEM_JSON } from '../problems/problem-details';
import { FieldErrorSchema, ProblemDetailsSchema } from './problem-details.schema';

export interface ServiceDescription {
  readonly title: string;
  readonly description: string;
}

/** Name of the bearer security scheme in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

/** Serves the service's OpenAPI document at /docs (UI) and /docs-json: bearer auth on every operation. */
export function serveServiceDocument(app: INestApplication, description: ServiceDescription): void {
  const config = new DocumentBuilder()
    .setTitle(description.title)
    .setDescription(description.description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetailsSchema, FieldErrorSchema],
  });
  documentRateLimits(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

type ServiceDocument = ReturnType<typeof SwaggerModule.createDocument>;

/** Every operation but the probes is rate limited (RateLimitGuard), so every one documents 429. */
function documentRateLimits(document: ServiceDocument): void {
  for (const [path, item] of Object.entries(document.paths)) {
    if (/^\/(health|metrics)(\/|$)/.test(path)) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation === undefined) continue;
      operation.responses['429'] = {
        description:
          'REQUEST.RATE_LIMITED: more requests than RATE_LIMIT_PER_TOKEN or RATE_LIMIT_PER_ADDRESS allow in RATE_LIMIT_WINDOW seconds',
        headers: {
          'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
        },
        content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
      };
    }
  }
}
