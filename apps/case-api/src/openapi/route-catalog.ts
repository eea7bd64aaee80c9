import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  METHOD_METADATA,
  PARAMTYPES_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import type { Role } from '#libs/domain';
import { PUBLIC_KEY, ROLES_KEY } from '#libs/platform';
import { CommandRequest } from '../http/request-context.decorator.js';
import type { DtoClass } from './dto-schemas.js';

/** What the OpenAPI document needs to know about one handler, read from the metadata Nest routes by. */
export interface RouteInfo {
  controller: Type<unknown>;
  handler: string;
  /** `null`: public (no API key). Otherwise the roles the guard lets through. */
  roles: Role[] | null;
  body?: DtoClass;
  /** `@Query()` objects: each property is a query parameter. */
  queries: DtoClass[];
  /** Changes a case through `@CommandRequest()`: If-Match, Idempotency-Key, an ETag in the answer, decider errors. */
  command: boolean;
}

interface RouteArgument {
  index: number;
  data?: unknown;
  factory?: unknown;
}

/** The factory behind @CommandRequest(), read back from a probe so the decorator stays the single source. */
const commandRequestFactory = (() => {
  class Probe {
    handler(@CommandRequest() _request: unknown) {}
  }
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler') as Record<string, RouteArgument>;
  return Object.values(args)[0].factory;
})();

const paramType = (key: string): number | 'custom' =>
  key.includes(CUSTOM_ROUTE_ARGS_METADATA) ? 'custom' : Number(key.split(':')[0]);

/** Every handler of every controller of the app, keyed like @nestjs/swagger's operationId (`Controller_method`). */
export function routeCatalog(app: INestApplication): Map<string, RouteInfo> {
  const routes = new Map<string, RouteInfo>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown>;
      for (const handler of Object.getOwnPropertyNames(controller.prototype)) {
        const method = controller.prototype[handler] as unknown;
        if (handler === 'constructor' || typeof method !== 'function') continue;
        if (Reflect.getMetadata(METHOD_METADATA, method) === undefined) continue;
        routes.set(`${controller.name}_${handler}`, describeHandler(controller, handler, method));
      }
    }
  }
  return routes;
}

function describeHandler(controller: Type<unknown>, handler: string, method: object): RouteInfo {
  // The guard's own rule: handler metadata overrides the controller's; no @Roles means admins only.
  const read = <T>(key: string): T | undefined =>
    (Reflect.getMetadata(key, method) as T | undefined) ?? (Reflect.getMetadata(key, controller) as T | undefined);
  const roles = read<boolean>(PUBLIC_KEY) ? null : (read<Role[]>(ROLES_KEY) ?? ['admin']);
  const args = Object.entries(
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, RouteArgument>,
  );
  const types = (Reflect.getMetadata(PARAMTYPES_METADATA, controller.prototype, handler) ?? []) as unknown[];
  const dtoAt = (index: number) => {
    const type = types[index];
    return typeof type === 'function' && type !== Object ? (type as DtoClass) : undefined;
  };
  const whole = (kind: RouteParamtypes) =>
    args.filter(([key, arg]) => paramType(key) === kind && arg.data === undefined).map(([, arg]) => dtoAt(arg.index));
  return {
    controller,
    handler,
    roles,
    body: whole(RouteParamtypes.BODY)[0],
    queries: whole(RouteParamtypes.QUERY).filter((dto): dto is DtoClass => dto !== undefined),
    command:
      Reflect.getMetadata(METHOD_METADATA, method) !== RequestMethod.GET &&
      args.some(([key, arg]) => paramType(key) === 'custom' && arg.factory === commandRequestFactory),
  };
}
