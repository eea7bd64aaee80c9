import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { createOpenApiDocument } from './openapi-document.js';

export const DOCS_PATH = '/docs';
export const DOCUMENT_PATH = '/docs/openapi.json';

/**
 * Swagger UI at /docs and the document at /docs/openapi.json, public (plain Fastify routes, outside the
 * API-key guard). The UI's assets come from the swagger-ui-dist package; nothing is fetched from elsewhere.
 * The document is built once, in the background: a fault in it fails these two routes, never the API.
 */
export function setupOpenApi(app: NestFastifyApplication): void {
  const document = createOpenApiDocument(app);
  document.catch((error: unknown) =>
    new Logger('OpenApi').error(`The OpenAPI document could not be built: ${String(error)}`),
  );
  // Every answer is patched with the finished document; the stand-in below is never served.
  const standIn = (): OpenAPIObject => ({
    openapi: '3.0.0',
    info: { title: 'Breachline case API', version: 'v1' },
    paths: {},
  });
  SwaggerModule.setup(DOCS_PATH, app, standIn, {
    jsonDocumentUrl: DOCUMENT_PATH,
    raw: ['json'],
    customSiteTitle: 'Breachline API',
    patchDocumentOnRequest: () => document,
    swaggerOptions: {
      validatorUrl: null,
      docExpansion: 'list',
      defaultModelsExpandDepth: 0,
      displayOperationId: false,
      tryItOutEnabled: false,
    },
  });
}
