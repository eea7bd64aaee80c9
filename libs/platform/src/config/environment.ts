import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** Every environment variable the apps read, validated once at start-up. */
export class Environment {
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'must be a mongodb:// or mongodb+srv:// URL' })
  MONGO_URL!: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,48}$/, { message: 'must be 1-48 letters, digits, _ or -' })
  MONGO_DB = 'breachline';

  @Matches(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, { message: 'must be host:port[,host:port...]' })
  KAFKA_BROKERS!: string;

  @IsOptional()
  @Matches(/^([a-z0-9-]+\.)?$/, { message: 'must be empty or lowercase letters, digits, - followed by a dot' })
  KAFKA_TOPIC_PREFIX = '';

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(32)
  KAFKA_PARTITIONS = 3;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(5)
  KAFKA_REPLICATION_FACTOR = 1;

  /** How soon a crashed consumer's partitions move to another (broker minimum 6000). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(6_000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS = 10_000;

  @IsOptional()
  @IsString()
  HOST = '127.0.0.1';

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  RELAY_URL = 'http://127.0.0.1:3101';

  @IsOptional()
  @IsString()
  BREACHLINE_API_KEYS_FILE?: string;

  /** JSON organisation profile (name, member count, spokesperson) that seeds holding statements. */
  @IsOptional()
  @IsString()
  BREACHLINE_ORGANISATION_FILE?: string;

  /** JSON holding-statement templates overriding the built-in wording; validated at start-up. */
  @IsOptional()
  @IsString()
  BREACHLINE_STATEMENT_TEMPLATES_FILE?: string;

  /** 32 random bytes, base64: seals webhook signing secrets at rest (AES-256-GCM). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes, base64-encoded' })
  BREACHLINE_SECRETS_KEY?: string;

  /** Earlier key-encryption keys, comma-separated, during a rotation: they only unwrap data keys (`keys rewrap`). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/, { message: 'must be 32-byte base64 keys, comma-separated' })
  BREACHLINE_SECRETS_KEY_PREVIOUS?: string;

  /** Where the cases' data keys live, when not in the main database (same database name). */
  @IsOptional()
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'must be a mongodb:// or mongodb+srv:// URL' })
  KEYS_MONGO_URL?: string;

  /** Allow webhooks to loopback/private addresses (tests and local demos only). */
  @IsOptional()
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES = 'false';

  /** Ed25519 private key (PKCS#8 PEM) the relay signs ledger checkpoints with; without it nothing is sealed. */
  @IsOptional()
  @IsString()
  LEDGER_SIGNING_KEY_FILE?: string;

  /** The matching public key (SPKI PEM), served by the case API so that verifiers can pin it. */
  @IsOptional()
  @IsString()
  LEDGER_PUBLIC_KEY_FILE?: string;

  /** Names the log in every checkpoint. */
  @IsOptional()
  @IsString()
  LEDGER_ORIGIN = 'breachline.local/ledger';

  /** A checkpoint is signed at most this often while commits arrive. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(100)
  @Max(600000)
  LEDGER_CHECKPOINT_MS = 2_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(10)
  @Max(60000)
  RELAY_POLL_MS = 500;
}

export class InvalidEnvironmentError extends Error {}

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const environment = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const errors = validateSync(environment, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((rule) => `  ${error.property}: ${rule}`),
    );
    throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return environment;
}
