import { readJsonFile } from "../read-json-file";
import { requireArg } from "../cli-error";
import type { CommandContext } from "../options";
import { automationNameFor, pushGraph } from "./automations";
import { followRun } from "./runs";
import { loadValidGraph } from "./validate";

/** Saves the graph as a version of the automation named after the file, starts a run and follows it. */
export async function runCommand(ctx: CommandContext): Promise<number> {
  const { client, out, values } = ctx;
  const path = requireArg(ctx.args[0], "a graph file");
  const { graph } = await loadValidGraph(path, out.progress);
  const payload = values.payload ? (await readJsonFile(values.payload)).value : {};
  const saved = await pushGraph(client, automationNameFor(path, values.name), graph);
  const { runId } = await client.startRun(saved.automationId, payload);
  out.progress(
    `Run ${runId} started (automation version ${saved.number}, ${graph.nodes.length} nodes)`,
  );
  return followRun(ctx, runId);
}
