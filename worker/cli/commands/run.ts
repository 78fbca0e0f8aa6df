import { basename } from "node:path";
import type { PrismaClient } from "../../../prisma/client";
import { ensureLocalOwner } from "../../automations/ensure-local-owner";
import { saveAutomationVersion } from "../../automations/save-version";
import { startRun } from "../../runs/start-run";
import { readJsonFile } from "../read-json-file";
import { loadValidGraph } from "./validate";

/** Saves the graph as a version of the automation named after the file and starts a run. */
export async function runCommand(
  prisma: PrismaClient,
  path: string,
  payloadPath: string | undefined,
  print: (line: string) => void,
): Promise<string> {
  const { graph } = await loadValidGraph(path, print);
  const payload = payloadPath ? (await readJsonFile(payloadPath)).value : {};
  const owner = await ensureLocalOwner(prisma);
  const saved = await saveAutomationVersion(prisma, {
    workspaceId: owner.workspaceId,
    ownerId: owner.userId,
    automationName: basename(path).replace(/\.json$/i, ""),
    graph,
  });
  const { runId } = await startRun(prisma, {
    versionId: saved.versionId,
    ownerId: owner.userId,
    triggerPayload: payload,
    triggerKind: "cli",
  });
  print(`Run ${runId} started (automation version ${saved.number}, ${graph.nodes.length} nodes)`);
  return runId;
}
