// The command line. It loads only what the command needs (commands, the database
// client and the engine are imported on use), so `runs show` starts quickly.
import { parseArgs } from "node:util";
import { CliError, EXIT } from "./cli-error";
import { OPTIONS, type CommandContext, type OptionValues } from "./options";
import { createOutput, type Output } from "./output";
import type { AppErrorCode } from "../errors";

const USAGE = `Usage: npm run switchyard -- <command> [--json] [--verbose]

  validate <graph.json>                 check a graph, listing every problem
  run <graph.json> [--payload p.json]   save it as a version of the automation named after
        [--name N] [--no-wait]          the file (or N), start a run, follow it, print a
                                        per-branch summary (--no-wait: return at once)
  runs show <run-id>                    nodes, attempts and the per-branch summary
  runs list [--automation id|name]      newest first; --status running|succeeded|
        [--status S] [--since T]        partially_succeeded|failed|cancelled, --since
        [--limit N]                     2026-01-31 | an ISO instant | 30m | 12h | 7d
  runs retry <run-id> [--no-wait]       retry the failed part (next generation)
        [--request-approval-again]      also reopen rejected approval gates
        [--latest]                      on the automation's latest version: keep the
                                        unchanged successes, run the rest
  runs cancel <run-id>                  cancel a run
  approvals list                        approval requests waiting for a decision
  approvals decide <id> --approve|--reject [--comment C] [--as email]
                                        decide one (locally as the local operator, or
                                        --as one of its approvers)
  automations list                      automations and their latest version
  automations push <graph.json>         save a valid graph as a new version of the
        [--name N]                      automation named after the file (or N), creating
                                        it when new; an unchanged graph saves nothing
  automations pull <id|name> [--out F]  the latest version as a graph file (stdout or F)
  connections reencrypt                 re-encrypt stored secrets with the first key of
                                        SWITCHYARD_ENCRYPTION_KEYS (after adding a new key)
  --version                             this CLI's version and the Node.js it runs on

--json prints one JSON document on stdout, shaped as the REST API answers (/api/v1);
progress goes to stderr. --verbose also shows database and worker log lines (stderr).

Exit codes: 0 succeeded, 1 partially succeeded, 2 failed, 3 cancelled,
4 still running (--no-wait), 64 usage, 65 bad file or graph, 66 not found,
69 unavailable, 75 conflict (e.g. already decided), 77 not allowed.
SWITCHYARD_URL and SWITCHYARD_API_KEY: use that instance's REST API. Otherwise the local
database: DATABASE_URL, or unset, the embedded Postgres under .data/.`;

async function main(argv: string[], output: (json: boolean) => Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  const out = output(values.json);
  const [command, sub, ...rest] = positionals;
  if (values.version) {
    const { default: packageJson } = await import("../../package.json", { with: { type: "json" } });
    console.log(`switchyard ${packageJson.version} (Node.js ${process.version})`);
    return 0;
  }
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : EXIT.usage;
  }
  if (command === "validate") {
    const { validateCommand } = await import("./commands/validate");
    return validateCommand({ out, args: [sub, ...rest].filter((a) => a !== undefined) });
  }
  if (!["run", "runs", "approvals", "automations", "connections"].includes(command)) {
    throw new CliError(`Unknown command "${command}"`, "usage");
  }
  if (!values.verbose) process.env.LOG_LEVEL ??= "silent";
  else process.env.LOG_TO_STDERR = "1";
  if (command === "connections") return connectionsCommand(sub, values.verbose);

  const { openClient } = await import("./client/open-client");
  const client = await openClient({ verbose: values.verbose, actAs: values.as });
  const ctx = (args: (string | undefined)[]): CommandContext => ({
    client,
    out,
    args: args.filter((a) => a !== undefined),
    values: values as OptionValues,
  });
  try {
    switch (command) {
      case "run":
        return await (await import("./commands/run")).runCommand(ctx([sub, ...rest]));
      case "runs":
        return await (await import("./commands/runs")).runsCommand(ctx(rest), sub);
      case "approvals":
        return await (await import("./commands/approvals")).approvalsCommand(ctx(rest), sub);
      default:
        return await (await import("./commands/automations")).automationsCommand(ctx(rest), sub);
    }
  } finally {
    await client.close();
  }
}

/** Key rotation works on the local database only: it needs the keys. */
async function connectionsCommand(sub: string | undefined, verbose: boolean) {
  if (sub !== "reencrypt") {
    throw new CliError(`Unknown subcommand "connections ${sub ?? ""}"`, "usage");
  }
  const [{ createPrismaClient }, { loadKeyRing, reencryptAll }, { prepareDatabase }] =
    await Promise.all([
      import("../../prisma/client"),
      import("../connections/crypto"),
      import("../prepare-database"),
    ]);
  const db = await prepareDatabase({ log: (line) => verbose && console.error(line) });
  const prisma = createPrismaClient(db.url);
  try {
    const count = await reencryptAll(prisma, await loadKeyRing(process.env));
    console.log(`Re-encrypted ${count} secret(s) with the current key`);
    return 0;
  } finally {
    await prisma.$disconnect();
    await db.stop();
  }
}

/** Refusals: a message on stderr (and with --json the REST API's error document) and an exit code. */
async function exitCodeFor(err: unknown, json: boolean): Promise<number> {
  const { AppError } = await import("../errors");
  const { ConfigError } = await import("../config");
  let code: number;
  let kind: string;
  if (err instanceof CliError) {
    [code, kind] = [EXIT[err.exit], err.exit];
  } else if (err instanceof AppError) {
    const exit = APP_ERROR_EXIT[err.code];
    [code, kind] = [EXIT[exit], err.code];
  } else if (
    err instanceof ConfigError ||
    (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS_")
  ) {
    [code, kind] = [EXIT.usage, "usage"];
  } else {
    console.error(`Unexpected error: ${(err as Error).stack ?? String(err)}`);
    return 70;
  }
  const message = (err as Error).message;
  console.error(message);
  if (json) {
    const details = err instanceof AppError ? err.details : undefined;
    console.log(JSON.stringify({ error: { code: kind, message, details } }, null, 2));
  }
  return code;
}

const APP_ERROR_EXIT = {
  not_found: "not_found",
  invalid_input: "usage",
  invalid_graph: "bad_file",
  conflict: "conflict",
  forbidden: "forbidden",
  unauthenticated: "forbidden",
  unavailable: "unavailable",
  payload_too_large: "bad_file",
  unsupported_media_type: "bad_file",
} as const satisfies Record<AppErrorCode, keyof typeof EXIT>;

const argv = process.argv.slice(2);
const json = argv.includes("--json");
main(argv, createOutput).then(
  (code) => process.exit(code),
  async (err: unknown) => process.exit(await exitCodeFor(err, json)),
);
