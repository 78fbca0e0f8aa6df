import { actionCatalog } from "../../../connectors/registry";
import { parseGraph, validateGraph } from "../../engine/index";
import type { ValidationProblem } from "../../engine/types";
import { triggerSettings } from "../../triggers/trigger-settings";
import { CliError, EXIT, requireArg } from "../cli-error";
import type { CommandContext } from "../options";
import { lineOfNode, readJsonFile, type JsonFile } from "../read-json-file";

/** Reads a graph file and lists every problem and warning (nothing is saved). */
async function checkGraphFile(path: string) {
  const file = await readJsonFile(path);
  const parsed = parseGraph(file.value);
  const { problems, warnings } = parsed.ok
    ? validateGraph(parsed.graph, actionCatalog, {
        minTriggerIntervalSeconds: triggerSettings().minTriggerIntervalSeconds,
      })
    : { problems: parsed.problems, warnings: [] };
  return { file, parsed, problems, warnings };
}

/** Reads and validates a graph file; throws a CliError listing every problem. */
export async function loadValidGraph(path: string, print: (line: string) => void) {
  const { file, parsed, problems, warnings } = await checkGraphFile(path);
  for (const w of warnings) print(`warning: ${formatProblem(file, w)}`);
  if (problems.length > 0 || !parsed.ok) throw invalidGraph(file, problems);
  return { file, graph: parsed.graph };
}

function invalidGraph(file: JsonFile, problems: ValidationProblem[]) {
  const list = problems.map((p) => `  ${formatProblem(file, p)}`).join("\n");
  return new CliError(
    `${file.path}: the graph has ${problems.length} problem(s):\n${list}`,
    "bad_file",
  );
}

export function formatProblem(file: JsonFile, p: ValidationProblem): string {
  const line = p.nodeId ? lineOfNode(file.text, p.nodeId) : undefined;
  const where = `${file.path}${line ? `:${line}` : ""}`;
  const node = p.nodeId ? ` node "${p.nodeId}"` : "";
  return `${where}:${node} ${p.field}: ${p.message}`;
}

/** Text: every problem on stderr (exit 65). --json: the REST API's validation answer. */
export async function validateCommand(ctx: Pick<CommandContext, "out" | "args">) {
  const { file, parsed, problems, warnings } = await checkGraphFile(
    requireArg(ctx.args[0], "a graph file"),
  );
  const valid = parsed.ok && problems.length === 0;
  if (ctx.out.json) {
    ctx.out.result(null, { valid, problems, warnings });
    return valid ? 0 : EXIT.bad_file;
  }
  for (const w of warnings) ctx.out.progress(`warning: ${formatProblem(file, w)}`);
  if (!valid || !parsed.ok) throw invalidGraph(file, problems);
  ctx.out.result(
    `${file.path}: valid (${parsed.graph.nodes.length} nodes, ${parsed.graph.edges.length} edges)`,
    null,
  );
  return 0;
}
