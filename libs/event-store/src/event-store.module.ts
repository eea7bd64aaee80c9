import { Global, Module } from '@nestjs/common';
import { Db } from 'mongodb';
import { EVENT_CODEC, type EventCodec } from './event-codec.js';
import { EventStore } from './event-store.js';
import { CASE_EVENT_UPCASTERS } from '#libs/domain';

/** With the app's EVENT_CODEC (PrivacyModule) when it has one: the relay has none, it only moves stored commits. */
@Global()
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [Db, { token: EVENT_CODEC, optional: true }],
      useFactory: async (db: Db, codec: EventCodec | undefined) => {
        const store = new EventStore(db, CASE_EVENT_UPCASTERS, codec);
        await store.ensureIndexes();
        return store;
      },
    },
  ],
  exports: [EventStore],
})
export class EventStoreModule {}
