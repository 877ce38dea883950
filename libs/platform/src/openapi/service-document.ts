import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
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
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
