// `npm run bench` runs every benchmark; `npm run bench -- fan-out overhead` runs some.
// Each prints progress on stderr and a Markdown table on stdout.
import { benchFanOut } from "./fan-out";
import { benchOverhead } from "./overhead";
import { benchScale } from "./scale";
import { benchThroughput } from "./throughput";

const benchmarks: Record<string, () => Promise<string>> = {
  "fan-out": benchFanOut,
  overhead: benchOverhead,
  throughput: benchThroughput,
  scale: benchScale,
};

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark(s): ${unknown.join(", ")}. Known: ${Object.keys(benchmarks).join(", ")}`,
    );
    process.exit(64);
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(benchmarks)) {
    console.log(`\n## ${name}\n`);
    await benchmarks[name]!();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
