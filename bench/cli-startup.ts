// CLI start-up: `npm run switchyard -- runs show <id>` repeated, wall time per call, as a
// user types it (npm included), and the same call without npm. Target: p50 under 0.6 s.
// Run: npm run bench -- cli
import { spawnSync } from "node:child_process";
import { BENCH_SECRETS_ENV, benchDatabase, repoRoot } from "./support/bench-env";
import { size } from "./support/options";
import { median, percentile, progress, table, type BenchResult } from "./support/report";

const CALLS = size(20, 3);
const WARMUP = 2;

/** Runs one command to its end; its wall time in seconds. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: repoRoot, env, encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  // `runs show` exits with the run's outcome (0–4); anything else is a broken call.
  if (result.status === null || result.status > 4) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  }
  return seconds;
}

export async function benchCliStartup(): Promise<BenchResult> {
  const db = await benchDatabase();
  try {
    const env = { ...process.env, ...BENCH_SECRETS_ENV, DATABASE_URL: db.url, LOG_LEVEL: "silent" };
    // A finished fan-out run of the README's example (its API is unreachable: steps fail).
    const started = spawnSync(
      "npm",
      ["run", "-s", "switchyard", "--", "run", "docs/examples/fan-out.json", "--json"],
      { cwd: repoRoot, env, encoding: "utf8" },
    );
    const runId = (JSON.parse(started.stdout) as { id?: string }).id;
    if (!runId) throw new Error(`Could not start the example run: ${started.stderr}`);
    const variants = [
      {
        name: "npm run switchyard -- runs show <id>",
        command: "npm",
        prefix: ["run", "-s", "switchyard", "--"],
      },
      {
        name: "node scripts/switchyard.ts runs show <id>",
        command: process.execPath,
        prefix: ["scripts/switchyard.ts"],
      },
    ];
    const calls = variants.map((variant) => [...variant.prefix, "runs", "show", runId]);
    for (let w = 0; w < WARMUP; w++) variants.forEach((v, i) => timed(v.command, calls[i]!, env));
    // Interleaved, so a burst of load on this shared machine hits both alike.
    const walls: number[][] = variants.map(() => []);
    for (let c = 0; c < CALLS; c++) {
      variants.forEach((v, i) => walls[i]!.push(timed(v.command, calls[i]!, env)));
    }
    const rows: (string | number)[][] = [];
    const metrics: Record<string, number> = {};
    variants.forEach((variant, i) => {
      const times = walls[i]!;
      progress(`${variant.name}: ${times.map((s) => s.toFixed(2)).join(" ")}`);
      const key = i === 0 ? "npm" : "direct";
      metrics[`${key}_p50_s`] = median(times);
      metrics[`${key}_p90_s`] = percentile(times, 90);
      rows.push([variant.name, CALLS, median(times), percentile(times, 90), Math.min(...times)]);
    });
    const markdown = table(["call", "calls", "p50 s", "p90 s", "min s"], rows);
    return { markdown, metrics };
  } finally {
    await db.stop();
  }
}
