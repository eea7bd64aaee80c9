import { Controller, Get, Global, Header, Inject, Module } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Public } from '../auth/roles.decorator.js';

/**
 * One Prometheus registry per process. Metrics are created lazily by name so that every module asks
 * for the metric it needs without a central list, and asking twice returns the same metric.
 */
export class Metrics {
  readonly registry = new Registry();

  constructor(app: string) {
    this.registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: this.registry, prefix: 'breachline_' });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return (
      (this.registry.getSingleMetric(name) as Counter<L>) ??
      new Counter({ name, help, labelNames, registers: [this.registry] })
    );
  }

  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    collect?: (gauge: Gauge<L>) => Promise<void>,
  ) {
    return (
      (this.registry.getSingleMetric(name) as Gauge<L>) ??
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers: [this.registry],
        ...(collect && {
          collect: async function (this: Gauge<L>) {
            await collect(this);
          },
        }),
      })
    );
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[] = [], buckets?: number[]) {
    return (
      (this.registry.getSingleMetric(name) as Histogram<L>) ??
      new Histogram<L>({ name, help, labelNames, registers: [this.registry], ...(buckets && { buckets }) })
    );
  }
}

@Controller()
class MetricsController {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  /** Prometheus text format; no personal data or secrets are ever put in labels. */
  @Get('metrics')
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

@Global()
@Module({})
export class MetricsModule {
  static forApp(app: string) {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [{ provide: Metrics, useValue: new Metrics(app) }],
      exports: [Metrics],
    };
  }
}
