import { Histogram, type MetricType, type Registry } from "prom-client";
import { LATENCY_BUCKETS, type AttemptGroup } from "./attempt-stats";

const NAME = "switchyard_step_duration_seconds";
const HELP = "Duration of finished step attempts, by connector";

/**
 * prom-client's Histogram only counts observations made in this process, but
 * steps run in the workers and /metrics is served by the web app. This one
 * reports bucket counts read from the Attempt table at scrape time instead.
 */
// "le" is in the type only: values carry the bucket bound as a label, as prom-client's own do.
export class StepLatencyHistogram extends Histogram<"connector" | "le"> {
  constructor(
    registry: Registry,
    private readonly read: () => Promise<AttemptGroup[]>,
  ) {
    super({
      name: NAME,
      help: HELP,
      labelNames: ["connector"],
      buckets: [...LATENCY_BUCKETS],
      registers: [registry],
    });
  }

  // The registry prints getForPromString() when a metric has one (Histogram does,
  // untyped); point it at our values so text and JSON output agree.
  getForPromString = () => this.get();

  override async get() {
    const byConnector = new Map<string, { buckets: number[]; sum: number; count: number }>();
    for (const group of await this.read()) {
      const entry = byConnector.get(group.connector) ?? {
        buckets: LATENCY_BUCKETS.map(() => 0),
        sum: 0,
        count: 0,
      };
      group.buckets.forEach((n, i) => (entry.buckets[i] = (entry.buckets[i] ?? 0) + n));
      entry.sum += group.secondsSum;
      entry.count += group.finished;
      byConnector.set(group.connector, entry);
    }
    const values = [...byConnector].flatMap(([connector, entry]) => [
      ...LATENCY_BUCKETS.map((le, i) => ({
        metricName: `${NAME}_bucket`,
        labels: { connector, le },
        value: entry.buckets[i] ?? 0,
      })),
      { metricName: `${NAME}_bucket`, labels: { connector, le: "+Inf" }, value: entry.count },
      { metricName: `${NAME}_sum`, labels: { connector }, value: entry.sum },
      { metricName: `${NAME}_count`, labels: { connector }, value: entry.count },
    ]);
    // prom-client's typings declare `type` as an enum; at run time it is the string.
    const type = "histogram" as unknown as MetricType;
    return { name: NAME, help: HELP, type, aggregator: "sum" as const, values, collect: () => {} };
  }
}
