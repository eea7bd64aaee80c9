import { Module } from '@nestjs/common';
import { Db } from 'mongodb';
import { EventStore } from '#libs/event-store';
import { ReadModelCatalog } from '#libs/read-models';
import { RegulatorRegistry } from '#libs/regulators';
import { QueriesModule } from '../queries/queries.module.js';
import { DocumentSources } from './document-sources.js';
import { DocumentsController } from './documents.controller.js';

/** Letters, holding-statement PDFs and case reports: composed purely from the facts, rendered as Markdown or PDF. */
@Module({
  imports: [QueriesModule],
  controllers: [DocumentsController],
  providers: [
    {
      provide: DocumentSources,
      inject: [Db, EventStore, RegulatorRegistry, ReadModelCatalog],
      useFactory: (db: Db, store: EventStore, registry: RegulatorRegistry, catalog: ReadModelCatalog) =>
        new DocumentSources(db, store, registry, catalog),
    },
  ],
})
export class DocumentsModule {}
