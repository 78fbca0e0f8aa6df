// Problems with a trigger node's `trigger` config: only the trigger carries one, the
// config for its kind is present (and no other), cron and time zone make sense, a poll
// source exists and its input passes the source's schema.
import { Cron } from "croner";
import { formatFieldPath } from "./field-path";
import { readableIssue } from "./readable-issues";
import type { GraphNode, TriggerConfig, ValidationProblem } from "./types";
import { connectionProblem, type ActionCatalog, type ValidateOptions } from "./validate-nodes";

const KIND_FIELDS = ["webhook", "schedule", "poll"] as const;

export function triggerProblems(
  node: GraphNode,
  catalog: ActionCatalog,
  options: ValidateOptions,
): ValidationProblem[] {
  const problem = (field: string, message: string): ValidationProblem => ({
    nodeId: node.id,
    field,
    message,
  });
  const config = node.trigger;
  if (!config) return [];
  if (node.type !== "trigger") return [problem("trigger", "only the trigger node has a trigger")];

  const problems = KIND_FIELDS.filter((f) => f !== config.kind && config[f] !== undefined).map(
    (f) => problem(`trigger.${f}`, `a "${config.kind}" trigger has no ${f} settings`),
  );
  if (config.kind === "schedule") problems.push(...scheduleProblems(config, problem));
  if (config.kind === "poll") problems.push(...pollProblems(config, catalog, options, problem));
  return problems;
}

type Problem = (field: string, message: string) => ValidationProblem;

function scheduleProblems(config: TriggerConfig, problem: Problem): ValidationProblem[] {
  const schedule = config.schedule;
  if (!schedule)
    return [problem("trigger.schedule", "a schedule trigger needs a cron and a time zone")];
  const problems: ValidationProblem[] = [];
  if (!isTimeZone(schedule.timezone)) {
    problems.push(problem("trigger.schedule.timezone", `unknown time zone "${schedule.timezone}"`));
  }
  try {
    // paused: parse only, never start a timer.
    new Cron(schedule.cron, { paused: true });
  } catch (err) {
    problems.push(
      problem("trigger.schedule.cron", err instanceof Error ? err.message : String(err)),
    );
  }
  return problems;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function pollProblems(
  config: TriggerConfig,
  catalog: ActionCatalog,
  options: ValidateOptions,
  problem: Problem,
): ValidationProblem[] {
  const poll = config.poll;
  if (!poll) return [problem("trigger.poll", "a poll trigger needs a source")];
  const source = catalog.getTrigger?.(poll.source);
  if (!source) return [problem("trigger.poll.source", `unknown trigger "${poll.source}"`)];
  const parsed = source.input.safeParse(poll.input ?? {}, { error: readableIssue });
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) =>
        problem(formatFieldPath(["trigger", "poll", "input", ...issue.path]), issue.message),
      );
  if (source.provider === null) return problems;
  const message = connectionProblem(source, poll.connection, options);
  if (message) problems.push(problem("trigger.poll.connection", message));
  return problems;
}
