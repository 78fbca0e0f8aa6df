import { parseGraph } from "../engine/graph-schema";
import { buildTopology } from "../engine/topology";
import type { Topology } from "../engine/topology";
import { stepNames } from "../names";
import { CliError } from "./cli-error";
import type { SwitchyardClient } from "./client/switchyard-client";
import { describeNodeProgress, type RunView } from "./format";

/** A run with the topology of the version it runs on. */
export async function loadRunView(
  client: SwitchyardClient,
  runId: string,
  topologies = new Map<string, Topology>(),
): Promise<RunView> {
  const run = await client.getRun(runId);
  let topo = topologies.get(run.versionId);
  if (!topo) {
    const parsed = parseGraph(run.graph);
    if (!parsed.ok)
      throw new CliError(`Run ${runId}: its version's graph cannot be read`, "unavailable");
    topo = buildTopology(parsed.graph);
    topologies.set(run.versionId, topo);
  }
  return { run, topo };
}

/**
 * Polls a run and prints one line per node state change until the run ends
 * (or the signal aborts); a gate that waits says how to decide it. Polling keeps
 * the CLI independent of the worker, and works the same against a remote instance.
 */
export async function watchRun(
  client: SwitchyardClient,
  runId: string,
  print: (line: string) => void,
  options: { pollMs?: number; signal?: AbortSignal } = {},
): Promise<RunView> {
  const seen = new Map<string, string>();
  const topologies = new Map<string, Topology>();
  const hinted = new Set<string>();
  for (;;) {
    const view = await loadRunView(client, runId, topologies);
    const { run, topo } = view;
    const name = stepNames(topo.graph);
    for (const nodeId of topo.order) {
      const row = run.nodeRuns.find((n) => n.nodeId === nodeId);
      if (!row || nodeId === topo.triggerId) continue;
      const attempts = run.attempts.filter(
        (a) => a.nodeId === nodeId && a.generation === row.generation,
      );
      const key = `${row.state}:${row.generation}:${attempts.length}:${attempts.at(-1)?.endedAt ? 1 : 0}`;
      if (seen.get(nodeId) === key) continue;
      const first = !seen.has(nodeId);
      seen.set(nodeId, key);
      if (first && row.state === "pending") continue;
      print(describeNodeProgress(name, row, attempts, run.generation));
    }
    await printHowToDecide(client, view, hinted, print);
    if (run.status !== "running" || options.signal?.aborted) return view;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}

/** Once per pending request of the run (it may appear a moment after its gate waits). */
async function printHowToDecide(
  client: SwitchyardClient,
  { run, topo }: RunView,
  hinted: Set<string>,
  print: (line: string) => void,
) {
  const waiting = run.nodeRuns.some((row) => row.state === "waiting_approval");
  if (!waiting) return;
  const name = stepNames(topo.graph);
  const { approvals } = await client.listApprovals();
  for (const request of approvals) {
    if (request.runId !== run.id || hinted.has(request.id)) continue;
    hinted.add(request.id);
    print(
      `          ${name(request.nodeId)} is waiting for approval: npm run switchyard -- approvals decide ${request.id} --approve (or --reject)`,
    );
  }
}
