import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Db, MongoClient } from 'mongodb';
import { EVENT_CODEC } from '#libs/event-store';
import { Environment, InvalidEnvironmentError } from '#libs/platform';
import { DataKeyStore } from './data-key-store.js';
import { KeyEncryptionKeys } from './key-encryption-keys.js';
import { PersonalDataCodec } from './personal-data-codec.js';

/** The database of the data keys: KEYS_MONGO_URL's when set, else the main one. */
@Injectable()
export class KeysDatabase implements OnApplicationShutdown {
  private client?: MongoClient;

  constructor(
    @Inject(Environment) private readonly environment: Environment,
    @Inject(Db) private readonly mainDb: Db,
  ) {}

  async open(): Promise<Db> {
    if (!this.environment.KEYS_MONGO_URL) return this.mainDb;
    // Every write of the key store is a unique insert or a delete by `_id`, safe to repeat.
    this.client = new MongoClient(this.environment.KEYS_MONGO_URL, {
      serverSelectionTimeoutMS: 5_000,
      retryWrites: false,
    });
    await this.client.connect();
    return this.client.db(this.environment.MONGO_DB);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.close();
  }
}

/** Personal-data encryption for the apps that read or write case events' personal fields (never the relay). */
@Global()
@Module({
  providers: [
    KeysDatabase,
    {
      provide: DataKeyStore,
      inject: [KeysDatabase, Db, Environment],
      useFactory: async (keysDb: KeysDatabase, db: Db, environment: Environment) => {
        // Optional for the relay (it only moves stored commits), required here: refused at start like a bad variable.
        if (!environment.BREACHLINE_SECRETS_KEY) {
          throw new InvalidEnvironmentError(
            "Invalid configuration:\n  BREACHLINE_SECRETS_KEY: required by this app, it wraps the cases' data keys (32 random bytes, base64)",
          );
        }
        return new DataKeyStore(await keysDb.open(), db, KeyEncryptionKeys.fromEnvironment(environment));
      },
    },
    {
      provide: PersonalDataCodec,
      inject: [DataKeyStore],
      useFactory: (keys: DataKeyStore) => new PersonalDataCodec(keys),
    },
    { provide: EVENT_CODEC, useExisting: PersonalDataCodec },
  ],
  exports: [DataKeyStore, PersonalDataCodec, EVENT_CODEC],
})
export class PrivacyModule {}
