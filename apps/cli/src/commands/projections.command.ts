import type { Command } from 'commander';
import { consumerGroupFor } from '#libs/messaging';
import { READ_MODEL_NAMES, ReadModelCatalog, rebuildReadModel, type ReadModelName } from '#libs/read-models';
import { printTable, withContext, withPersonalData } from '../cli-context.js';
import { progressBar } from '../progress-bar.js';

export function registerProjectionCommands(program: Command): void {
  const projections = program.command('projections').description('read models: where they live, lag, rebuilds');

  projections
    .command('status')
    .description('collections, documents and the projector consumer group lag')
    .action(async () =>
      withContext(async ({ db, kafka, topics }) => {
        const placements = await new ReadModelCatalog(db).all();
        const rows = [];
        for (const [name, placement] of placements) {
          rows.push({
            readModel: name,
            generation: placement.generation,
            readFrom: placement.readFrom,
            writeTo: placement.writeTo.join(','),
            documents: await db.collection(placement.readFrom).estimatedDocumentCount(),
            rebuilding: placement.rebuilding?.collection ?? '',
          });
        }
        printTable(rows);
        const admin = kafka.admin();
        await admin.connect();
        try {
          const group = consumerGroupFor(process.env.KAFKA_TOPIC_PREFIX ?? '', 'projector');
          const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topics.caseEvents] });
          const ends = await admin.fetchTopicOffsets(topics.caseEvents);
          const lag = ends.reduce((sum, end) => {
            const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
            return sum + Number(end.high) - Math.max(Number(at), 0);
          }, 0);
          console.log(`projector lag: ${lag} events behind ${topics.caseEvents}`);
        } finally {
          await admin.disconnect();
        }
      }),
    );

  projections
    .command('rebuild')
    .description('replay the event store into a new generation, switch reads to it, drop the old one')
    .argument('[name]', `one of ${READ_MODEL_NAMES.join(', ')}; none = all`)
    .action(async (name?: string) =>
      withPersonalData(async ({ db, store }) => {
        if (name && !READ_MODEL_NAMES.includes(name as ReadModelName)) {
          throw new Error(`unknown read model ${name}; known: ${READ_MODEL_NAMES.join(', ')}`);
        }
        const catalog = new ReadModelCatalog(db);
        for (const model of name ? [name as ReadModelName] : READ_MODEL_NAMES) {
          const report = await rebuildReadModel(db, store, catalog, model, progressBar(`rebuilding ${model}`));
          console.log(
            `${report.name}: ${report.events} events into ${report.to} in ${(report.durationMs / 1000).toFixed(1)} s; ` +
              `reads switched from ${report.from}`,
          );
        }
      }),
    );
}
