import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type ReferenceObject,
  type RequestBodyObject,
  type ResponseObject,
  type SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { validateRegulatorDefinition } from '#libs/domain';
import { assertValidExample, type DtoClass, dtoSchemas } from './dto-schemas.js';
import { type OperationExamples, operationExamples } from './operation-examples.js';
import { problemResponses, problemSchemas } from './problem-responses.js';
import { regulatorDefinitionSchema } from './regulator-definition.schema.js';
import { type RouteInfo, routeCatalog } from './route-catalog.js';
import { seedCase } from './seed-case.examples.js';

const DESCRIPTION = `An event-sourced backend for personal-data breach incidents.

**Authentication.** Every route but health, metrics and these docs needs an API key: \`Authorization: Bearer <key>\`.
Each key has one role (investigator, pr, regulator, admin); each operation lists the roles it admits (\`x-roles\`).

**Errors** are RFC 9457 problem details (\`application/problem+json\`, schema \`ProblemDetails\`) naming each field and
rule: 400 bad input, 401 no or unknown key, 403 wrong role or a forbidding domain rule, 404 unknown case,
409 illegal transition (\`rule\` names it), 412 \`If-Match\` mismatch, 413 body over 1 MB, 415 not JSON,
422 reused \`Idempotency-Key\`.

**Commands** answer the case's new version (also as \`ETag\`), accept \`If-Match: "<version>"\` and
\`Idempotency-Key\` (a repeat returns the first answer and appends nothing). **Reads** accept \`?minVersion=N\`:
the answer waits up to 2 s for the read model to reach version N, else 409 — never a silent stale read.

The examples follow one case: the alleged sale of BPJS Kesehatan member data in May 2021.`;

const TAGS: [string, string][] = [
  ['Cases', 'Investigators record the facts of a case; everyone but regulators reads them.'],
  ['Holding statements', 'The PR team’s public statements, composed from verified facts only (four-eyes).'],
  ['Regulator feed', 'A regulator’s own notifications: pull, stream (SSE) and acknowledge.'],
  ['Regulators', 'The registry of regulators and their legal clocks; webhooks and their delivery log.'],
  ['Health', 'For orchestrators: no API key.'],
  ['Metrics', 'Prometheus scrape endpoint: no API key.'],
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
const STATUS_TEXT: Record<string, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content' };
const JSON_TYPE = 'application/json';
const ref = (kind: 'schemas' | 'responses', name: string): ReferenceObject => ({
  $ref: `#/components/${kind}/${name}`,
});

const COMMAND_HEADERS: ParameterObject[] = [
  {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'Apply only if the case is at this version (its `ETag`), else 412.',
    schema: { type: 'string' },
    example: '"5"',
  },
  {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Up to 128 of `A-Z a-z 0-9 . _ : -`. A repeat returns the first answer and appends nothing; the same key with another body is 422.',
    schema: { type: 'string' },
    example: 'ana-2021-05-21-sample-1',
  },
];

const COMMAND_ANSWER_HEADERS: ResponseObject['headers'] = {
  ETag: {
    description: 'The case’s version after the command, e.g. `"5"`: send it as `If-Match`.',
    schema: { type: 'string' },
  },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.',
    schema: { type: 'string', enum: ['true'] },
  },
};

const commandAccepted: SchemaObject = {
  type: 'object',
  required: ['caseId', 'version'],
  properties: {
    caseId: { type: 'string', format: 'uuid' },
    version: { type: 'integer', minimum: 1, description: 'The case’s version after the command.' },
  },
};

/**
 * The OpenAPI document of case-api: @nestjs/swagger's scan of the controllers, completed from the
 * metadata the app itself runs on — class-validator rules (schemas, query parameters), @Roles/@Public
 * (security, `x-roles`), @CommandRequest (headers, errors) — and the seed-case examples.
 * Works on an app created with `preview: true` (nothing connected).
 */
export async function createOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  const builder = new DocumentBuilder()
    .setTitle('Breachline case API')
    .setDescription(DESCRIPTION)
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The API key (one role per key).' }, 'bearer');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  const routes = routeCatalog(app);

  // Bodies (and the classes nested in them) are components; query objects become parameters.
  const queries = new Set([...routes.values()].flatMap((route) => route.queries));
  const schemas = dtoSchemas([
    ...[...routes.values()].flatMap((route) => (route.body ? [route.body] : [])),
    ...queries,
  ]);
  const components = [...schemas]
    .filter(([dto]) => !queries.has(dto))
    .map(([dto, schema]) => [dto.name, schema] as const);
  document.components = {
    ...document.components,
    schemas: {
      ...Object.fromEntries(components.sort(([a], [b]) => a.localeCompare(b))),
      CommandAccepted: commandAccepted,
      RegulatorDefinition: regulatorDefinitionSchema,
      ...problemSchemas,
    },
    responses: await problemResponses(),
  };

  const examplesById = operationExamples();
  const unused = new Set(examplesById.keys());
  for (const [path, item] of Object.entries(document.paths) as [string, PathItemObject][]) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const route = routes.get(operation.operationId ?? '');
      const examples = examplesById.get(operation.operationId ?? '');
      if (!route) throw new Error(`${where}: no handler found for operationId ${operation.operationId}`);
      if (!examples) throw new Error(`${where}: add ${operation.operationId} to openapi/operation-examples.ts`);
      unused.delete(operation.operationId!);
      describeOperation(operation, route, examples, schemas, where);
    }
  }
  if (unused.size > 0) throw new Error(`operation-examples.ts names unknown operations: ${[...unused].join(', ')}`);
  return document;
}

function describeOperation(
  operation: OperationObject,
  route: RouteInfo,
  examples: OperationExamples,
  schemas: Map<DtoClass, SchemaObject>,
  where: string,
): void {
  operation.summary ??= examples.summary;
  if (!operation.summary)
    throw new Error(`${where}: give ${route.controller.name}.${route.handler} an @ApiOperation summary`);

  // Who may call it, straight from @Roles / @Public as the guard reads them.
  const access = route.roles ? `Roles: ${route.roles.join(', ')}.` : 'Public: no API key.';
  operation.description = operation.description ? `${operation.description}\n\n${access}` : access;
  operation.security = route.roles ? [{ bearer: [] }] : [];
  if (route.roles) (operation as unknown as Record<string, unknown>)['x-roles'] = route.roles;

  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const { pathParameters } = seedCase();
  for (const parameter of parameters) {
    if (parameter.in !== 'path') continue;
    if (parameter.name === 'caseId') parameter.schema = { type: 'string', format: 'uuid' };
    if (parameter.name in pathParameters) parameter.example = pathParameters[parameter.name];
  }
  for (const query of route.queries) {
    const schema = schemas.get(query)!;
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: property });
    }
  }
  if (route.command) parameters.push(...COMMAND_HEADERS);
  parameters.push(...(examples.headers ?? []));
  operation.parameters = parameters;

  describeBody(operation, route, examples, where);

  const responses = operation.responses as Record<string, ResponseObject | ReferenceObject>;
  const [status] = Object.keys(responses).filter((code) => code.startsWith('2'));
  const success = responses[status] as ResponseObject;
  success.description ||= STATUS_TEXT[status] ?? 'Success';
  if (examples.response !== undefined) {
    const mediaType = examples.mediaType ?? JSON_TYPE;
    success.content = {
      [mediaType]: { schema: schemaOfExample(examples.response), example: examples.response },
      ...Object.fromEntries((examples.alternatives ?? []).map((type) => [type, { schema: { type: 'string' } }])),
    };
  } else if (status !== '204') {
    throw new Error(`${where}: add a response example to openapi/operation-examples.ts`);
  }
  if (route.command) success.headers = { ...COMMAND_ANSWER_HEADERS };
  if (examples.location)
    success.headers = { ...success.headers, Location: { description: examples.location, schema: { type: 'string' } } };

  for (const [code, { description, example }] of Object.entries(examples.otherResponses ?? {})) {
    responses[code] = {
      description,
      content:
        example === undefined
          ? { 'application/problem+json': { schema: ref('schemas', 'ProblemDetails') } }
          : { [JSON_TYPE]: { example } },
    };
  }
  // Which errors apply, derived from what the route takes and who may call it.
  const error = (code: number, name: string) => (responses[code] ??= ref('responses', name));
  if (route.body || examples.requestSchema || route.queries.length > 0 || route.command) error(400, 'BadRequest');
  if (route.roles) error(401, 'Unauthorized');
  if (route.roles) error(403, 'Forbidden');
  if (parameters.some((parameter) => parameter.in === 'path')) error(404, 'NotFound');
  if (route.command) error(409, 'Conflict');
  else if (route.queries.some((query) => 'minVersion' in (schemas.get(query)!.properties ?? {})))
    error(409, 'ReadModelBehind');
  if (route.command) error(412, 'PreconditionFailed');
  if (route.body || examples.requestSchema) error(413, 'PayloadTooLarge');
  if (route.body || examples.requestSchema) error(415, 'UnsupportedMediaType');
  if (route.command) error(422, 'UnprocessableContent');
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

function describeBody(operation: OperationObject, route: RouteInfo, examples: OperationExamples, where: string): void {
  if (!route.body && !examples.requestSchema) {
    if (examples.request !== undefined) throw new Error(`${where}: has a request example but takes no body`);
    return;
  }
  if (examples.request === undefined)
    throw new Error(`${where}: add a request example to openapi/operation-examples.ts`);
  if (route.body) assertValidExample(route.body, examples.request, where);
  else {
    const validation = validateRegulatorDefinition(examples.request);
    if (!validation.ok) throw new Error(`The example of ${where} is invalid: ${validation.errors.join('; ')}`);
  }
  const schema = route.body ? ref('schemas', route.body.name) : examples.requestSchema!;
  operation.requestBody = {
    required: true,
    content: { [JSON_TYPE]: { schema, example: examples.request } },
  } satisfies RequestBodyObject;
}

function schemaOfExample(example: unknown): SchemaObject | ReferenceObject {
  if (typeof example === 'string') return { type: 'string' };
  if (Array.isArray(example)) return { type: 'array', items: { type: 'object' } };
  const keys = Object.keys(example as object)
    .sort()
    .join(',');
  return keys === 'caseId,version' ? ref('schemas', 'CommandAccepted') : { type: 'object' };
}
