import { listWords, runOutcomeWords, stepNames } from "../../names";
import { CliError, EXIT, requireArg } from "../cli-error";
import type { Query } from "../client/switchyard-client";
import { formatRunSummary } from "../format";
import type { CommandContext } from "../options";
import { loadRunView, watchRun } from "../watch-run";
import { findAutomation } from "./automations";

const RUN_STATUSES = ["running", "succeeded", "partially_succeeded", "failed", "cancelled"];

/** Follows a run to its end (unless --no-wait) and prints its summary; the exit code is its outcome. */
export async function followRun(ctx: CommandContext, runId: string): Promise<number> {
  const { client, out } = ctx;
  if (!ctx.values["no-wait"]) await client.ensureWorker(out.progress);
  const view = ctx.values["no-wait"]
    ? await loadRunView(client, runId)
    : await watchRun(client, runId, out.progress);
  if (!ctx.values["no-wait"]) out.progress("");
  out.result(ctx.values["no-wait"] ? null : formatRunSummary(view), view.run);
  return EXIT[view.run.status];
}

export async function runsCommand(ctx: CommandContext, sub: string | undefined) {
  const { client, out, args } = ctx;
  switch (sub) {
    case "show": {
      const view = await loadRunView(client, requireArg(args[0], "a run id"));
      out.result(formatRunSummary(view), view.run);
      return EXIT[view.run.status];
    }
    case "list":
      return listRuns(ctx);
    case "retry": {
      const id = requireArg(args[0], "a run id");
      const retried = await client.retryRun(id, {
        version: ctx.values.latest ? "latest" : "run",
        requestApprovalAgain: ctx.values["request-approval-again"] ? "true" : undefined,
      });
      const { run, topo } = await loadRunView(client, id);
      const name = stepNames(topo.graph);
      const kept = run.nodeRuns
        .filter((row) => row.generation < retried.generation && row.nodeId !== topo.triggerId)
        .map((row) => name(row.nodeId));
      out.progress(
        `Run ${id}: generation ${retried.generation} started on version ${retried.versionNumber}; re-running ${listWords(retried.reset.map(name))}` +
          (kept.length > 0 ? `; keeping the results of ${listWords(kept)}` : ""),
      );
      return followRun(ctx, id);
    }
    case "cancel": {
      const id = requireArg(args[0], "a run id");
      const result = await client.cancelRun(id);
      out.result(
        result.cancelledNodes.length > 0
          ? `Run ${id} cancelled (${result.cancelledNodes.length} step(s) stopped)`
          : `Run ${id} had already ended: ${runOutcomeWords(result.status)}`,
        result,
      );
      return 0;
    }
    default:
      throw new CliError(
        `Unknown subcommand "runs ${sub ?? ""}": use show, list, retry or cancel`,
        "usage",
      );
  }
}

async function listRuns(ctx: CommandContext) {
  const { client, out, values } = ctx;
  const query: Query<"listRuns"> = {};
  if (values.status) {
    if (!RUN_STATUSES.includes(values.status)) {
      throw new CliError(
        `--status must be one of ${RUN_STATUSES.join(", ")} (got "${values.status}")`,
        "usage",
      );
    }
    query.status = values.status as Query<"listRuns">["status"];
  }
  if (values.since) query.since = sinceInstant(values.since).toISOString();
  if (values.limit) query.limit = values.limit;
  if (values.automation) query.automationId = (await findAutomation(ctx, values.automation)).id;
  const answer = await client.listRuns(query);
  const text =
    answer.runs.length === 0
      ? "No runs match"
      : answer.runs
          .map(
            (r) =>
              `${r.id}  ${r.createdAt.slice(0, 19).replace("T", " ")}  ${runOutcomeWords(r.status).padEnd(16)}  ${r.automation.name} (generation ${r.generation})`,
          )
          .join("\n");
  out.result(text, answer);
  return 0;
}

/** "2026-01-31", an ISO instant, or a span back from now: 30m, 12h, 7d. */
function sinceInstant(text: string): Date {
  const span = /^(\d+)([mhd])$/.exec(text);
  if (span) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as "m" | "h" | "d"];
    return new Date(Date.now() - Number(span[1]) * unit);
  }
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) {
    throw new CliError(
      `--since takes a date (2026-01-31), an instant (2026-01-31T09:00:00Z) or a span (30m, 12h, 7d); got "${text}"`,
      "usage",
    );
  }
  return at;
}
