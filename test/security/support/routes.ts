import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { MetadataScanner, ModulesContainer, NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Role } from '#libs/domain';
import { PUBLIC_KEY, ROLES, ROLES_KEY } from '#libs/platform';
import { AppModule } from '../../../apps/case-api/src/app.module.js';

export interface DiscoveredRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify-style path, e.g. /v1/cases/:caseId/status */
  path: string;
  controller: string;
  handler: string;
  public: boolean;
  /** Who may call it, as ApiKeyGuard decides: @Roles on the handler, else the class, else admin only. */
  roles: Role[];
  /** The @Body() parameter's class (undefined when the route takes no body). */
  body?: Type<unknown>;
  /** The @Query() parameter's class (undefined when the route takes no query object). */
  query?: Type<unknown>;
  params: string[];
}

export const routeKey = (route: Pick<DiscoveredRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;

/**
 * Every HTTP route of case-api, read from the app's own Nest module graph (preview mode: modules and
 * controllers are scanned exactly as at start-up, but nothing is instantiated, so no servers are needed),
 * with the role metadata ApiKeyGuard enforces. New controllers and handlers are found without changing this.
 */
export async function discoverCaseApiRoutes(): Promise<DiscoveredRoute[]> {
  const app = await NestFactory.create(AppModule, new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    const reflector = new Reflector();
    const scanner = new MetadataScanner();
    const routes: DiscoveredRoute[] = [];
    const seen = new Set<Type<unknown>>();
    for (const module of app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as Type<unknown> | null;
        if (!controller || seen.has(controller)) continue;
        seen.add(controller);
        const basePaths = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
        for (const name of scanner.getAllMethodNames(controller.prototype)) {
          const handler = controller.prototype[name];
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
          if (method === undefined) continue;
          const paths = [Reflect.getMetadata(PATH_METADATA, handler) ?? ''].flat() as string[];
          const targets = [handler, controller];
          const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
          const roles = reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? ['admin'];
          const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
            string,
            { index: number }
          >;
          const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as Type<unknown>[];
          const argOf = (kind: RouteParamtypes) => {
            const entry = Object.entries(args).find(([key]) => key.split(':')[0] === String(kind));
            const type = entry ? types[entry[1].index] : undefined;
            return type && type !== Object ? type : entry ? Object : undefined;
          };
          for (const base of basePaths) {
            for (const own of paths) {
              const path = `/${[base, own]
                .map((p) => p.replace(/^\/+|\/+$/g, ''))
                .filter(Boolean)
                .join('/')}`;
              routes.push({
                method: RequestMethod[method] as DiscoveredRoute['method'],
                path,
                controller: controller.name,
                handler: name,
                public: isPublic,
                roles: isPublic ? [...ROLES] : roles,
                body: argOf(RouteParamtypes.BODY) as Type<unknown> | undefined,
                query: argOf(RouteParamtypes.QUERY) as Type<unknown> | undefined,
                params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1]),
              });
            }
          }
        }
      }
    }
    return routes.sort((a, b) => routeKey(a).localeCompare(routeKey(b)));
  } finally {
    await app.close().catch(() => undefined);
  }
}
