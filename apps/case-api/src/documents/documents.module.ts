import { Module } from '@nestjs/common';
import { Db } from 'mongodb';
import { EventStore } from '#libs/event-store';
import { RegulatorRegistry } from '#libs/regulators';
import { DocumentSources } from './document-sources.js';
import { DocumentsController } from './documents.controller.js';

/** Letters, holding-statement PDFs and case reports: composed purely from the facts, rendered as Markdown or PDF. */
@Module({
  controllers: [DocumentsController],
  providers: [
    {
      provide: DocumentSources,
      inject: [Db, EventStore, RegulatorRegistry],
      useFactory: (db: Db, store: EventStore, registry: RegulatorRegistry) => new DocumentSources(db, store, registry),
    },
  ],
})
export class DocumentsModule {}
