import type { PrismaClient } from "../../prisma/client";
import { getRun, type RunDetails } from "../runs/get-run";
import { stepNames } from "../names";
import { describeNodeProgress } from "./format";

/**
 * Polls a run and prints one line per node state change until the run ends
 * (or the signal aborts). Polling keeps the CLI independent of the worker.
 */
export async function watchRun(
  prisma: PrismaClient,
  runId: string,
  print: (line: string) => void,
  options: { pollMs?: number; signal?: AbortSignal } = {},
): Promise<RunDetails> {
  const seen = new Map<string, string>();
  for (;;) {
    const run = await getRun(prisma, runId);
    const name = stepNames(run.topo.graph);
    for (const nodeId of run.topo.order) {
      const row = run.nodeRuns.find((n) => n.nodeId === nodeId);
      if (!row || nodeId === run.topo.triggerId) continue;
      const attempts = run.attempts.filter(
        (a) => a.nodeId === nodeId && a.generation === row.generation,
      );
      const key = `${row.state}:${row.generation}:${attempts.length}:${attempts.at(-1)?.endedAt ? 1 : 0}`;
      if (seen.get(nodeId) === key) continue;
      const first = !seen.has(nodeId);
      seen.set(nodeId, key);
      if (first && row.state === "pending") continue;
      print(describeNodeProgress(name, row, attempts));
    }
    if (run.status !== "running" || options.signal?.aborted) return run;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}
