import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, validateSync } from 'class-validator';
import { InvalidEnvironmentError } from '#libs/platform';

/**
 * The notifier's own settings, validated at start-up like the shared Environment (which still holds
 * BREACHLINE_SECRETS_KEY and WEBHOOK_ALLOW_PRIVATE_ADDRESSES).
 */
export class NotifierConfig {
  /** The whole attempt — DNS, connect, request, answer — must finish within this. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(100)
  @Max(120_000)
  NOTIFIER_TIMEOUT_MS = 5_000;

  /** The delay ceiling after the first failed attempt; it doubles per failure (with jitter) up to the cap. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(10)
  @Max(3_600_000)
  NOTIFIER_BACKOFF_BASE_MS = 1_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(10)
  @Max(86_400_000)
  NOTIFIER_BACKOFF_CAP_MS = 300_000;

  /** After this many failed attempts a delivery is given up: state failed and a dead letter. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(100)
  NOTIFIER_MAX_ATTEMPTS = 12;

  /** How often the due-queue is looked at when nothing wakes the worker earlier (new deliveries do). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(20)
  @Max(60_000)
  NOTIFIER_POLL_MS = 1_000;

  /** Attempts in flight at once (never more than one per regulator). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(64)
  NOTIFIER_CONCURRENCY = 8;
}

export function validateNotifierConfig(raw: Record<string, unknown>): NotifierConfig {
  const own = Object.fromEntries(Object.entries(raw).filter(([name]) => name.startsWith('NOTIFIER_')));
  const config = plainToInstance(NotifierConfig, own, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  const lines = errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((rule) => `  ${error.property}: ${rule}`),
  );
  if (lines.length === 0 && config.NOTIFIER_BACKOFF_CAP_MS < config.NOTIFIER_BACKOFF_BASE_MS) {
    lines.push('  NOTIFIER_BACKOFF_CAP_MS: must not be less than NOTIFIER_BACKOFF_BASE_MS');
  }
  if (lines.length > 0) throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  return config;
}
