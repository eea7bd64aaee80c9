import { Global, Module } from '@nestjs/common';
import { Db } from 'mongodb';
import { EventStore } from './event-store.js';

@Global()
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [Db],
      useFactory: async (db: Db) => {
        const store = new EventStore(db);
        await store.ensureIndexes();
        return store;
      },
    },
  ],
  exports: [EventStore],
})
export class EventStoreModule {}
