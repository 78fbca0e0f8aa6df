// `npm run bench` runs every benchmark; `npm run bench -- fan-out overhead` runs some;
// `--quick` (or BENCH_QUICK=1) shrinks every count to check the harness end to end.
// Each prints progress on stderr and a Markdown table on stdout; `--json FILE` also writes
// every figure as one JSON object, { "<benchmark>": { "<metric>": number } }. Every benchmark has a
// time limit; whatever it started (databases, processes, servers) is stopped when it ends,
// fails or times out, and on Ctrl-C.
import { benchCliStartup } from "./cli-startup";
import { benchFanOut } from "./fan-out";
import { benchForEach } from "./for-each";
import { benchIntake } from "./intake";
import { benchOverhead } from "./overhead";
import { benchPeer } from "./peer";
import { benchScale } from "./scale";
import { benchThroughput } from "./throughput";
import { pendingCleanups, runCleanups, withTimeout } from "./support/cleanup";
import { quick } from "./support/options";
import { writeFileSync } from "node:fs";
import { progress, type BenchResult } from "./support/report";

interface Benchmark {
  run: () => Promise<BenchResult>;
  /** Time limit in minutes (full size; quick mode gets the same limit). */
  limitMinutes: number;
}

const benchmarks: Record<string, Benchmark> = {
  "fan-out": { run: benchFanOut, limitMinutes: 10 },
  overhead: { run: benchOverhead, limitMinutes: 15 },
  throughput: { run: benchThroughput, limitMinutes: 20 },
  scale: { run: benchScale, limitMinutes: 20 },
  intake: { run: benchIntake, limitMinutes: 20 },
  foreach: { run: benchForEach, limitMinutes: 20 },
  cli: { run: benchCliStartup, limitMinutes: 5 },
  // The first run installs n8n and Node 24 into bench/.peer/ (several minutes).
  peer: { run: benchPeer, limitMinutes: 40 },
};

const USAGE = `usage: npm run bench [-- [--quick] [--json FILE] [name ...]]
  names: ${Object.keys(benchmarks).join(", ")} (default: all)
  --quick, BENCH_QUICK=1: small counts, to check that each benchmark runs end to end
  --json FILE: also write the figures there, { "<benchmark>": { "<metric>": number } }`;

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    progress(`${signal}: stopping everything the benchmarks started (again to force)`);
    void runCleanups().finally(() => process.exit(130));
  });
}
// A stray error from a background client must not kill the run with its servers still up;
// it fails the benchmark that is running instead (reported at the end).
let strayErrors = 0;
for (const event of ["unhandledRejection", "uncaughtException"] as const) {
  process.on(event, (err: unknown) => {
    strayErrors += 1;
    progress(`${event}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.error(USAGE);
    return 0;
  }
  const jsonAt = args.indexOf("--json");
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  if (jsonAt >= 0 && (!jsonFile || jsonFile.startsWith("--"))) {
    console.error("--json needs a file name");
    console.error(USAGE);
    return 64;
  }
  const rest = jsonAt >= 0 ? args.filter((_, i) => i !== jsonAt && i !== jsonAt + 1) : args;
  const wanted = rest.filter((a) => !a.startsWith("--"));
  const unknown = wanted.filter((name) => !(name in benchmarks));
  const flags = rest.filter((a) => a.startsWith("--") && a !== "--quick");
  if (unknown.length > 0 || flags.length > 0) {
    console.error(`Unknown benchmark(s) or option(s): ${[...unknown, ...flags].join(", ")}`);
    console.error(USAGE);
    return 64;
  }
  const figures: Record<string, Record<string, number>> = {};
  // Written after every benchmark, so figures survive a later one failing or Ctrl-C.
  const writeFigures = () => {
    if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(figures, null, 2)}\n`);
  };
  const failed: string[] = [];
  for (const name of wanted.length > 0 ? wanted : Object.keys(benchmarks)) {
    const { run, limitMinutes } = benchmarks[name]!;
    console.log(`\n## ${name}${quick ? " (quick mode: small counts, not figures)" : ""}\n`);
    progress(`${name}: starting (time limit ${limitMinutes} min)`);
    const started = Date.now();
    const strayBefore = strayErrors;
    try {
      const result = await withTimeout(run(), limitMinutes * 60_000, name);
      if (strayErrors > strayBefore) throw new Error("stray errors (above) during the run");
      figures[name] = result.metrics;
      writeFigures();
      progress(`${name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    } catch (err) {
      failed.push(name);
      const message = err instanceof Error ? err.message : String(err);
      console.log(`**${name} failed:** ${message.split("\n")[0]}`);
      progress(`${name} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
    } finally {
      const left = pendingCleanups();
      if (left.length > 0) progress(`${name}: stopping what is still running: ${left.join(", ")}`);
      await runCleanups();
    }
    if (interrupted) break;
  }
  if (failed.length > 0) {
    progress(`failed: ${failed.join(", ")}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    console.error(err);
    await runCleanups();
    process.exit(1);
  },
);
