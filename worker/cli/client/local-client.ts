import { z } from "zod";
import { apiRoutes } from "../../../app/api/v1/_schemas/route-table";
import { getAutomation } from "../../../app/_server/automations/get-automation";
import { listAutomations } from "../../../app/_server/automations/list-automations";
import { cancelRun } from "../../../app/_server/runs/cancel-run";
import { getRunForActor } from "../../../app/_server/runs/get-run-for-actor";
import { listRuns } from "../../../app/_server/runs/list-runs";
import { startRunForActor } from "../../../app/_server/runs/start-run-for-actor";
import pg from "pg";
import type { PrismaClient } from "../../../prisma/client";
import {
  ensureLocalOwner,
  findLocalOwner,
  LOCAL_EMAIL,
} from "../../automations/ensure-local-owner";
import { loadWorkerConfig } from "../../config";
import { prepareDatabase } from "../../prepare-database";
import { AppError } from "../../errors";
import type { RunningWorker } from "../../start-worker";
import { prismaRowTypes } from "../../runs/store/sql";
import { CliError } from "../cli-error";
import type { SwitchyardClient } from "./switchyard-client";

type Routes = typeof apiRoutes;

/** The REST API's answer for a result: encoded with the route's response schema. */
function answer<K extends keyof Routes>(route: K, result: z.output<Routes[K]["response"]>) {
  return JSON.parse(JSON.stringify(z.encode(apiRoutes[route].response, result))) as z.input<
    Routes[K]["response"]
  >;
}

/** A query checked as the REST API checks it, so both clients refuse alike. */
function parseQuery<K extends keyof Routes>(route: K, query: unknown) {
  const parsed = apiRoutes[route].query.safeParse(query);
  if (!parsed.success) {
    throw new AppError("invalid_input", `Invalid query: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data as z.output<Routes[K]["query"]>;
}

/**
 * The local database (DATABASE_URL, or the embedded Postgres), acting as the local
 * operator — or, deciding approvals, as `actAs` (an approver's email).
 */
export async function openLocalClient(options: {
  verbose: boolean;
  actAs?: string;
}): Promise<SwitchyardClient> {
  const diagnostic = (line: string) => {
    if (options.verbose) console.error(line);
  };
  const config = loadWorkerConfig();
  const db = await prepareDatabase({ log: diagnostic }).catch((err: Error) => {
    throw new CliError(`Cannot reach the database: ${err.message}`, "unavailable");
  });
  // Reading a run goes through the run store's SQL; Prisma (≈ 0.3 s to start) only when
  // another command needs it.
  const pool = new pg.Pool({ connectionString: db.url, max: 2, types: prismaRowTypes });
  pool.on("error", () => {}); // a dropped idle connection surfaces through the next query
  let prismaClient: Promise<PrismaClient> | undefined;
  const prisma = () =>
    (prismaClient ??= import("../../../prisma/client").then((m) => m.createPrismaClient(db.url)));
  const actor = (await findLocalOwner(pool)) ?? (await ensureLocalOwner(await prisma()));
  let worker: RunningWorker | null = null;
  return {
    listAutomations: async () =>
      answer("listAutomations", { automations: await listAutomations(await prisma(), actor) }),
    getAutomation: async (id) =>
      answer("getAutomation", await getAutomation(await prisma(), actor, id)),
    // Saving validates against the connector catalogue: loaded only by commands that save.
    createAutomation: async (name, graph) => {
      const { createAutomation } =
        await import("../../../app/_server/automations/create-automation");
      return answer(
        "createAutomation",
        await createAutomation(await prisma(), actor, { name, graph }),
      );
    },
    saveVersion: async (automationId, graph) => {
      const { saveAutomationVersion } =
        await import("../../../app/_server/automations/save-automation-version");
      return answer(
        "createVersion",
        await saveAutomationVersion(await prisma(), actor, { automationId, graph }),
      );
    },
    startRun: async (automationId, payload) =>
      answer(
        "startRun",
        await startRunForActor(await prisma(), actor, {
          automationId,
          payload,
          triggerKind: "cli",
        }),
      ),
    listRuns: async (query) => {
      const filters = parseQuery("listRuns", query);
      return answer("listRuns", {
        runs: await listRuns(await prisma(), actor, {
          ...filters,
          before: filters.before ? new Date(filters.before) : undefined,
          since: filters.since ? new Date(filters.since) : undefined,
        }),
      });
    },
    getRun: async (runId) => answer("getRun", await getRunForActor(pool, actor, runId)),
    retryRun: async (runId, query) => {
      const { version, requestApprovalAgain } = parseQuery("retryRun", query);
      const { retryRun } = await import("../../../app/_server/runs/retry-run");
      return answer(
        "retryRun",
        await retryRun(await prisma(), actor, runId, version, { requestApprovalAgain }),
      );
    },
    cancelRun: async (runId) => answer("cancelRun", await cancelRun(await prisma(), actor, runId)),
    listApprovals: async () => {
      // Approval previews and the worker load much (connectors, mail): only when used.
      const { listApprovalsForActor } =
        await import("../../../app/_server/approvals/approvals-api");
      return answer("listApprovals", await listApprovalsForActor(await prisma(), actor));
    },
    decideApproval: async (requestId, body) => {
      const { decideApproval } = await import("../../approvals/decide-approval");
      return answer(
        "decideApproval",
        await decideApproval(await prisma(), {
          requestId,
          actor: { workspaceId: actor.workspaceId, email: options.actAs ?? LOCAL_EMAIL },
          channel: "api",
          decision: body.decision,
          comment: body.comment ?? null,
          now: new Date(),
        }),
      );
    },
    async ensureWorker(progress) {
      // A live worker beating in this database runs the run; else one runs inside this command.
      const live = await (
        await prisma()
      ).workerHeartbeat.count({
        where: { beatAt: { gt: new Date(Date.now() - config.workerDeadAfterMs) } },
      });
      if (live > 0 || worker) return;
      progress("(no worker is running: starting one inside this command)");
      const [{ setLogLevel }, { startWorker }] = await Promise.all([
        import("../../log"),
        import("../../start-worker"),
      ]);
      // This command prints the run's progress itself; the worker's lines only with --verbose.
      if (!options.verbose) setLogLevel("silent");
      worker = await startWorker(db.url, config, (level, message) => {
        if (options.verbose || level === "error") console.error(`[worker] ${message}`);
      });
    },
    async close() {
      await worker?.stop();
      if (prismaClient) await (await prismaClient).$disconnect();
      await pool.end();
      await db.stop();
    },
  };
}
