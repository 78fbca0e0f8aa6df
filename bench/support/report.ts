/** Small helpers for the benchmarks' progress lines and result tables. */

/** What a benchmark gives back: its Markdown table(s), and its figures for `--json`. */
export interface BenchResult {
  markdown: string;
  metrics: Record<string, number>;
}
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}

/** A Markdown table, printed and returned for docs/benchmarks.md. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const text = [
    `| ${headers.join(" | ")} |`,
    `|${headers.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map((c) => (typeof c === "number" ? fmt(c) : c)).join(" | ")} |`),
  ].join("\n");
  console.log(text);
  return text;
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return "—";
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}
