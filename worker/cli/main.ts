import { parseArgs } from "node:util";
import packageJson from "../../package.json" with { type: "json" };
import { createPrismaClient, type PrismaClient } from "../../prisma/client";
import { loadKeyRing, reencryptAll } from "../connections/crypto";
import { AppError } from "../errors";
import { loadWorkerConfig, ConfigError } from "../config";
import { prepareDatabase } from "../prepare-database";
import { cancelRun } from "../runs/cancel-run";
import { getRun } from "../runs/get-run";
import { retryFailed, retryOnLatestVersion } from "../runs/retry-failed";
import { setLogLevel } from "../log";
import { startWorker, type RunningWorker } from "../start-worker";
import { CliError, EXIT } from "./cli-error";
import { runCommand } from "./commands/run";
import { validateCommand } from "./commands/validate";
import { listWords, runOutcomeWords, stepNames } from "../names";
import { formatRunSummary } from "./format";
import { watchRun } from "./watch-run";

const USAGE = `Usage: npm run switchyard -- <command>

  validate <graph.json>                 check a graph, listing every problem
  run <graph.json> [--payload p.json]   start a run, follow it, print a per-branch summary
        [--no-wait]                     start it and return at once
  runs show <run-id>                    nodes, attempts and the per-branch summary
  runs retry <run-id> [--no-wait]       retry the failed part (next generation)
        [--request-approval-again]      also reopen rejected approval gates
        [--latest]                      on the automation's latest version: keep the
                                        unchanged successes, run the rest
  runs cancel <run-id>                  cancel a run
  --version                             this CLI's version and the Node.js it runs on
  connections reencrypt                 re-encrypt stored secrets with the first key of
                                        SWITCHYARD_ENCRYPTION_KEYS (after adding a new key)

Exit codes: 0 succeeded, 1 partially succeeded, 2 failed, 3 cancelled,
4 still running (--no-wait), 64 usage, 65 bad file, 66 not found, 69 database unavailable.
DATABASE_URL selects the database; unset, the embedded Postgres under .data/ is used.`;

const print = (line: string) => console.log(line);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      payload: { type: "string" },
      "no-wait": { type: "boolean", default: false },
      "request-approval-again": { type: "boolean", default: false },
      latest: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
      version: { type: "boolean", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.version) {
    print(`switchyard ${packageJson.version} (Node.js ${process.version})`);
    return 0;
  }
  if (values.help || !command) {
    print(USAGE);
    return values.help ? 0 : EXIT.usage;
  }
  if (command === "validate") {
    await validateCommand(requireArg(rest[0], "a graph file"), print);
    return 0;
  }
  if (command !== "run" && command !== "runs" && command !== "connections") {
    throw new CliError(`Unknown command "${command}"`, "usage");
  }

  const config = loadWorkerConfig();
  const db = await prepareDatabase().catch((err: Error) => {
    throw new CliError(`Cannot reach the database: ${err.message}`, "unavailable");
  });
  const prisma = createPrismaClient(db.url);
  let worker: RunningWorker | null = null;
  const follow = async (runId: string) => {
    if (values["no-wait"]) return EXIT.running;
    worker = await ensureWorker(prisma, db.url, config.workerDeadAfterMs);
    const run = await watchRun(prisma, runId, print);
    print("");
    print(formatRunSummary(run));
    return EXIT[run.status];
  };
  try {
    if (command === "run") {
      const runId = await runCommand(
        prisma,
        requireArg(rest[0], "a graph file"),
        values.payload,
        print,
      );
      return await follow(runId);
    }
    const [sub, runId] = rest;
    if (command === "connections") {
      if (sub !== "reencrypt")
        throw new CliError(`Unknown subcommand "connections ${sub ?? ""}"`, "usage");
      const count = await reencryptAll(prisma, await loadKeyRing(process.env));
      print(`Re-encrypted ${count} secret(s) with the current key`);
      return 0;
    }
    switch (sub) {
      case "show": {
        const run = await getRun(prisma, requireArg(runId, "a run id"));
        print(formatRunSummary(run));
        return EXIT[run.status];
      }
      case "retry": {
        const id = requireArg(runId, "a run id");
        const { generation, reset, versionNumber } = values.latest
          ? await retryOnLatestVersion(prisma, id)
          : await retryFailed(prisma, id, {
              requestApprovalAgain: values["request-approval-again"],
            });
        const name = stepNames((await getRun(prisma, id)).topo.graph);
        print(
          `Run ${id}: generation ${generation} started on version ${versionNumber}; re-running ${listWords(reset.map(name))}`,
        );
        return await follow(id);
      }
      case "cancel": {
        const id = requireArg(runId, "a run id");
        const result = await cancelRun(prisma, id);
        print(
          result.cancelledNodes.length > 0
            ? `Run ${id} cancelled (${result.cancelledNodes.length} step(s) stopped)`
            : `Run ${id} had already ended: ${runOutcomeWords(result.status)}`,
        );
        return 0;
      }
      default:
        throw new CliError(
          `Unknown subcommand "runs ${sub ?? ""}": use show, retry or cancel`,
          "usage",
        );
    }
  } finally {
    await (worker as RunningWorker | null)?.stop();
    await prisma.$disconnect();
    await db.stop();
  }
}

/** Runs need a worker: use a live one if any beats, else run one inside this command. */
async function ensureWorker(prisma: PrismaClient, url: string, deadAfterMs: number) {
  const live = await prisma.workerHeartbeat.count({
    where: { beatAt: { gt: new Date(Date.now() - deadAfterMs) } },
  });
  if (live > 0) return null;
  print("(no worker is running: starting one inside this command)");
  // This command prints the run's progress itself; keep the worker's JSON lines out of it.
  setLogLevel("warn");
  return startWorker(url, loadWorkerConfig(), (level, message) => {
    if (level !== "info") console.error(`[worker] ${message}`);
  });
}

function requireArg(value: string | undefined, what: string): string {
  if (!value) throw new CliError(`Missing ${what}\n\n${USAGE}`, "usage");
  return value;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CliError) {
      console.error(err.message);
      process.exit(EXIT[err.exit]);
    }
    if (err instanceof AppError) {
      console.error(err.message);
      process.exit(err.code === "not_found" ? EXIT.not_found : EXIT.conflict);
    }
    if (
      err instanceof ConfigError ||
      (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
    ) {
      console.error((err as Error).message);
      process.exit(EXIT.usage);
    }
    console.error(`Unexpected error: ${(err as Error).stack ?? String(err)}`);
    process.exit(70);
  },
);
