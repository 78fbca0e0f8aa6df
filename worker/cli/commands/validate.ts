import { actionCatalog } from "../../../connectors/registry";
import { parseGraph, validateGraph } from "../../engine/index";
import type { ValidationProblem } from "../../engine/types";
import { triggerSettings } from "../../triggers/trigger-settings";
import { CliError } from "../cli-error";
import { lineOfNode, readJsonFile, type JsonFile } from "../read-json-file";

/** Reads and validates a graph file; throws a CliError listing every problem. */
export async function loadValidGraph(path: string, print: (line: string) => void) {
  const file = await readJsonFile(path);
  const parsed = parseGraph(file.value);
  const { problems, warnings } = parsed.ok
    ? validateGraph(parsed.graph, actionCatalog, {
        minTriggerIntervalSeconds: triggerSettings().minTriggerIntervalSeconds,
      })
    : { problems: parsed.problems, warnings: [] };
  for (const w of warnings) print(`warning: ${formatProblem(file, w)}`);
  if (problems.length > 0 || !parsed.ok) {
    const list = problems.map((p) => `  ${formatProblem(file, p)}`).join("\n");
    throw new CliError(
      `${path}: the graph has ${problems.length} problem(s):\n${list}`,
      "bad_file",
    );
  }
  return { file, graph: parsed.graph };
}

export function formatProblem(file: JsonFile, p: ValidationProblem): string {
  const line = p.nodeId ? lineOfNode(file.text, p.nodeId) : undefined;
  const where = `${file.path}${line ? `:${line}` : ""}`;
  const node = p.nodeId ? ` node "${p.nodeId}"` : "";
  return `${where}:${node} ${p.field}: ${p.message}`;
}

export async function validateCommand(path: string, print: (line: string) => void) {
  const { graph } = await loadValidGraph(path, print);
  print(`${path}: valid (${graph.nodes.length} nodes, ${graph.edges.length} edges)`);
}
