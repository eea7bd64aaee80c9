import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  type Provider,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ThrottlerStorageService } from '@nestjs/throttler';
import { InvalidEnvironmentError } from '../config/environment.js';
import { LOGGER } from '../logging/logging.module.js';
import type { Logger } from '../logging/logger.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { PUBLIC_KEY } from './roles.decorator.js';

/**
 * How many failed authentications (401) one client address may cause per window before it is refused
 * with 429 for the rest of the block. Read from the environment like the shared Environment, validated
 * at start-up (a bad value stops the app naming the variable).
 */
export interface FailedAuthThrottleOptions {
  /** AUTH_FAILURE_LIMIT: failures allowed per window; 0 turns the throttle off. Default 20. */
  limit: number;
  /** AUTH_FAILURE_WINDOW_MS: the window, and how long an address stays blocked once over the limit. Default 60 s. */
  windowMs: number;
}

export const FAILED_AUTH_THROTTLE_OPTIONS = Symbol('FAILED_AUTH_THROTTLE_OPTIONS');
const FAILED_AUTH_THROTTLER = Symbol('FAILED_AUTH_THROTTLER');

/**
 * @nestjs/throttler is CommonJS and requires the ESM-only @nestjs/common, which Node 20 allows but Jest's
 * module runtime does not; it is therefore loaded when the guard is created, not when this file is imported,
 * so that tests importing #libs/platform keep working.
 */
interface Throttler {
  storage: ThrottlerStorageService;
  normalizeIp(ip: string): string;
  exception(message: string): Error;
}

async function loadThrottler(): Promise<Throttler> {
  const { normalizeIp, ThrottlerException, ThrottlerStorageService } = await import('@nestjs/throttler');
  return {
    storage: new ThrottlerStorageService(),
    normalizeIp: (ip) => normalizeIp(ip),
    exception: (message) => new ThrottlerException(message),
  };
}
const THROTTLER_NAME = 'failed-auth';

export function failedAuthThrottleOptions(
  env: Record<string, string | undefined> = process.env,
): FailedAuthThrottleOptions {
  const read = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new InvalidEnvironmentError(`Invalid configuration:\n  ${name}: must be an integer from ${min} to ${max}`);
    }
    return value;
  };
  return {
    limit: read('AUTH_FAILURE_LIMIT', 20, 0, 1_000_000),
    windowMs: read('AUTH_FAILURE_WINDOW_MS', 60_000, 1_000, 86_400_000),
  };
}

interface ClientRequest {
  ip?: string;
  socket?: { remoteAddress?: string };
}

/**
 * The app guard: authentication (ApiKeyGuard) behind a limit on FAILED authentications per client address,
 * counted with @nestjs/throttler's storage.
 *
 * - Only 401s count. A valid key never counts, whatever it is allowed to do (403 is not a failed authentication).
 * - Once an address has failed more than `limit` times within `windowMs`, every request from it that needs a
 *   key is answered 429 with Retry-After until the block ends, *before* the key is looked up — also when the key
 *   is valid. So a blocked client learns nothing about the keys it tries (no oracle), and a flood of bad keys
 *   costs no database lookups. The price: clients sharing the address (NAT, a proxy without trustProxy) wait
 *   out the block with it. Public routes (health, metrics) are never throttled.
 * - Counters live in the process (ThrottlerStorageService): each replica counts on its own.
 */
@Injectable()
export class FailedAuthThrottleGuard implements CanActivate {
  constructor(
    @Inject(ApiKeyGuard) private readonly authenticate: ApiKeyGuard,
    @Inject(FAILED_AUTH_THROTTLER) private readonly throttler: Throttler,
    @Inject(FAILED_AUTH_THROTTLE_OPTIONS) private readonly options: FailedAuthThrottleOptions,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic || this.options.limit === 0) return this.authenticate.canActivate(context);
    const request = context.switchToHttp().getRequest<ClientRequest>();
    const client = this.throttler.normalizeIp(request.ip ?? request.socket?.remoteAddress ?? 'unknown');
    const key = `${THROTTLER_NAME}:${client}`;
    const blockedForMs = this.blockedForMs(key);
    if (blockedForMs > 0) this.refuse(context, blockedForMs);
    try {
      return await this.authenticate.canActivate(context);
    } catch (error) {
      if (!(error instanceof UnauthorizedException)) throw error;
      const { windowMs, limit } = this.options;
      const record = await this.throttler.storage.increment(key, windowMs, limit, windowMs, THROTTLER_NAME);
      if (record.isBlocked) {
        if (record.totalHits === limit + 1) {
          this.logger.warn(
            { client, failures: record.totalHits, blockedForMs: windowMs },
            'failed authentications over the limit: client blocked',
          );
        }
        this.refuse(context, Math.max(1, record.timeToBlockExpire) * 1000);
      }
      throw error;
    }
  }

  /** Peeks at the throttler's record without counting a hit. */
  private blockedForMs(key: string): number {
    const record = this.throttler.storage.storage.get(key);
    if (!record?.isBlocked) return 0;
    return Math.max(0, record.blockExpiresAt - Date.now());
  }

  private refuse(context: ExecutionContext, blockedForMs: number): never {
    const seconds = Math.max(1, Math.ceil(blockedForMs / 1000));
    const reply = context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>();
    reply.header('Retry-After', String(seconds));
    throw this.throttler.exception(`Too many failed authentications from this address; retry after ${seconds} s`);
  }

  /** The throttler's sweep timer (it is unref'd, so this only tidies up). */
  onApplicationShutdown(): void {
    this.throttler.storage.onApplicationShutdown();
  }
}

/** What FailedAuthThrottleGuard needs; AuthModule registers the guard itself as APP_GUARD. */
export const failedAuthThrottleProviders: Provider[] = [
  ApiKeyGuard,
  { provide: FAILED_AUTH_THROTTLER, useFactory: loadThrottler },
  { provide: FAILED_AUTH_THROTTLE_OPTIONS, useFactory: () => failedAuthThrottleOptions() },
];
