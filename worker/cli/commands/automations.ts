import { writeFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Graph } from "../../engine/types";
import { CliError, requireArg } from "../cli-error";
import type { SwitchyardClient } from "../client/switchyard-client";
import type { CommandContext } from "../options";

/** An automation by id or by name. */
export async function findAutomation(ctx: CommandContext, idOrName: string) {
  const { automations } = await ctx.client.listAutomations();
  const found =
    automations.find((a) => a.id === idOrName) ?? automations.find((a) => a.name === idOrName);
  if (!found) throw new CliError(`No automation "${idOrName}"`, "not_found");
  return found;
}

/**
 * Saves a graph as the next version of the automation with this name, creating the
 * automation when it is new; the same graph as the latest version saves nothing.
 */
export async function pushGraph(client: SwitchyardClient, name: string, graph: Graph) {
  const { automations } = await client.listAutomations();
  const existing = automations.find((a) => a.name === name);
  const saved = existing
    ? await client.saveVersion(existing.id, graph)
    : await client.createAutomation(name, graph);
  return { ...saved, name, created: !existing, changed: saved.number !== existing?.latestVersion };
}

/** The automation's name: --name, else the file's name without .json. */
export function automationNameFor(path: string, name: string | undefined) {
  return name?.trim() || basename(path).replace(/\.json$/i, "");
}

export async function automationsCommand(ctx: CommandContext, sub: string | undefined) {
  const { client, out, args, values } = ctx;
  switch (sub) {
    case "list": {
      const answer = await client.listAutomations();
      const text =
        answer.automations.length === 0
          ? "No automations yet: npm run switchyard -- automations push <graph.json>"
          : answer.automations
              .map(
                (a) =>
                  `${a.id}  ${a.name}  (${a.latestVersion === null ? "no version" : `version ${a.latestVersion}`}${a.status === "paused" ? ", paused" : ""})`,
              )
              .join("\n");
      out.result(text, answer);
      return 0;
    }
    case "push": {
      const path = requireArg(args[0], "a graph file");
      const { loadValidGraph } = await import("./validate");
      const { graph } = await loadValidGraph(path, out.progress);
      const pushed = await pushGraph(client, automationNameFor(path, values.name), graph);
      out.result(
        pushed.created
          ? `Created automation "${pushed.name}" (${pushed.automationId}) with version 1`
          : pushed.changed
            ? `Saved version ${pushed.number} of "${pushed.name}" (${pushed.automationId})`
            : `Unchanged: version ${pushed.number} of "${pushed.name}" is already this graph`,
        pushed,
      );
      return 0;
    }
    case "pull": {
      const found = await findAutomation(ctx, requireArg(args[0], "an automation id or name"));
      const automation = await client.getAutomation(found.id);
      const latest = automation.versions[0];
      if (!latest) throw new CliError(`"${automation.name}" has no version yet`, "not_found");
      const text = `${JSON.stringify(latest.graph, null, 2)}\n`;
      if (!values.out) {
        // The file itself is the result, JSON either way.
        process.stdout.write(text);
        return 0;
      }
      await writeFile(values.out, text);
      out.result(`Wrote version ${latest.number} of "${automation.name}" to ${values.out}`, {
        automationId: automation.id,
        versionId: latest.id,
        number: latest.number,
        path: values.out,
      });
      return 0;
    }
    default:
      throw new CliError(
        `Unknown subcommand "automations ${sub ?? ""}": use list, push or pull`,
        "usage",
      );
  }
}
