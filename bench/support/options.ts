// Quick mode (`npm run bench -- --quick …` or BENCH_QUICK=1) shrinks every count so a
// benchmark runs end to end in a minute or two: for checking the harness, not for figures.
export const quick =
  process.argv.includes("--quick") || ["1", "true", "yes"].includes(process.env.BENCH_QUICK ?? "");

/** The full value, or the small one in quick mode. */
export function size<T>(full: T, small: T): T {
  return quick ? small : full;
}
