import { type Db, MongoClient } from 'mongodb';
import { CASE_EVENT_UPCASTERS } from '#libs/domain';
import { EventStore } from '#libs/event-store';
import { DataKeyStore } from './data-key-store.js';
import { KeyEncryptionKeys } from './key-encryption-keys.js';
import { PersonalDataCodec } from './personal-data-codec.js';

export interface PersonalDataAccess {
  keys: DataKeyStore;
  codec: PersonalDataCodec;
  /** An event store that encrypts and decrypts like the apps'. */
  store: EventStore;
}

export type KeyEnvironment = Partial<
  Record<'BREACHLINE_SECRETS_KEY' | 'BREACHLINE_SECRETS_KEY_PREVIOUS' | 'KEYS_MONGO_URL' | 'MONGO_DB', string>
>;

/** For tools outside the apps (the CLI, tests, the bench): the key store as the apps configure it. */
export async function withPersonalData<T>(
  db: Db,
  env: KeyEnvironment,
  work: (access: PersonalDataAccess) => Promise<T>,
): Promise<T> {
  const keks = KeyEncryptionKeys.fromEnvironment(env);
  const client = env.KEYS_MONGO_URL
    ? new MongoClient(env.KEYS_MONGO_URL, { serverSelectionTimeoutMS: 5_000, retryWrites: false })
    : undefined;
  try {
    const keysDb = client ? (await client.connect()).db(env.MONGO_DB ?? db.databaseName) : db;
    const keys = new DataKeyStore(keysDb, db, keks);
    const codec = new PersonalDataCodec(keys);
    return await work({ keys, codec, store: new EventStore(db, CASE_EVENT_UPCASTERS, codec) });
  } finally {
    await client?.close();
  }
}
