import type { Task, TaskList } from "graphile-worker";
import type { KeyRing } from "../connections/crypto";
import { APPROVAL_EXPIRY_TASK } from "../approvals/approval-job";
import { SEND_EMAIL_TASK } from "../mail/send-email-job";
import { FAILURE_NOTICE_TASK, GATE_REACHED_TASK, RUN_SETTLED_TASK } from "../queue/lifecycle-jobs";
import { DEFAULT_WORKER_GROUP } from "../engine/index";
import { GROUP_WAIT_NOTICE_TASK } from "../groups/notice-waiting-groups";
import {
  CONNECTION_WAIT_DEADLINE_TASK,
  FINISH_FOR_EACH_TASK,
  runNodeTaskOf,
  START_FOR_EACH_TASK,
} from "../queue/node-job";
import { POLL_TRIGGER_TASK, SCHEDULE_TICK_TASK } from "../queue/trigger-jobs";
import { START_WEBHOOK_RUN_TASK } from "../queue/webhook-jobs";
import { triggerSettings } from "../triggers/trigger-settings";
import type { RunNodeDeps } from "./run-node";
import { makeRunNodeTask } from "./run-node";
import { makeFinishForEachTask } from "./finish-for-each";
import { makeStartForEachTask } from "./start-for-each";
import { makeStartWebhookRunTask } from "./start-webhook-run";

export type TaskDeps = RunNodeDeps & {
  /** The connection key ring, which also seals the links in emails (secret-links.ts). */
  ring: KeyRing;
};

/**
 * A task whose module is imported when its first job arrives. Only `run_node` and
 * `start_webhook_run` are on the hot path; the others render email (React Email), start runs or poll providers, and
 * loading them all at start-up roughly doubled an idle worker's memory.
 */
function lazy(load: () => Promise<Task>): Task {
  let task: Promise<Task> | undefined;
  return async (payload, helpers) => {
    task ??= load().catch((err: unknown) => {
      task = undefined; // a failed import is retried with the job
      throw err;
    });
    return (await task)(payload, helpers);
  };
}

/**
 * The tasks of a worker in `deps.config.groups`: each group's steps (`run_node@<group>`,
 * plain `run_node` for the default group) and, in the default group only, everything
 * else the product runs. A worker of other groups alone takes nothing but its steps.
 */
export function buildTaskList(deps: TaskDeps): TaskList {
  const runNode = makeRunNodeTask(deps);
  const steps: TaskList = Object.fromEntries(
    deps.config.groups.map((group) => [runNodeTaskOf(group), runNode]),
  );
  if (!deps.config.groups.includes(DEFAULT_WORKER_GROUP)) return steps;
  return { ...steps, ...productTasks(deps) };
}

/** Every graphile-worker task this product runs besides steps: one line per task. */
function productTasks(deps: TaskDeps): TaskList {
  const now = () => new Date();
  const minIntervalSeconds = triggerSettings().minTriggerIntervalSeconds;
  return {
    [START_FOR_EACH_TASK]: makeStartForEachTask(),
    [FINISH_FOR_EACH_TASK]: makeFinishForEachTask(),
    [CONNECTION_WAIT_DEADLINE_TASK]: lazy(async () =>
      (await import("./connection-wait-deadline")).makeConnectionWaitDeadlineTask(deps.prisma),
    ),
    [SEND_EMAIL_TASK]: lazy(async () =>
      (await import("./send-email")).makeSendEmailTask(deps.prisma, deps.ring),
    ),
    [APPROVAL_EXPIRY_TASK]: lazy(async () =>
      (await import("./approval-expiry")).makeApprovalExpiryTask(deps.prisma),
    ),
    [RUN_SETTLED_TASK]: lazy(async () =>
      (await import("./run-settled")).makeRunSettledTask(deps.prisma, deps.ring),
    ),
    [FAILURE_NOTICE_TASK]: lazy(async () =>
      (await import("./failure-notice")).makeFailureNoticeTask(deps.prisma),
    ),
    [GROUP_WAIT_NOTICE_TASK]: lazy(async () =>
      (await import("./worker-group-wait-notice")).makeGroupWaitNoticeTask(deps.prisma),
    ),
    [GATE_REACHED_TASK]: lazy(async () =>
      (await import("./approval-gate-reached")).makeApprovalGateReachedTask(deps.prisma, deps.ring),
    ),
    // Eager: the first webhook after a start must not wait for a module to load.
    [START_WEBHOOK_RUN_TASK]: makeStartWebhookRunTask(deps.prisma),
    [SCHEDULE_TICK_TASK]: lazy(async () =>
      (await import("./schedule-tick")).makeScheduleTickTask({
        prisma: deps.prisma,
        now,
        minIntervalSeconds,
      }),
    ),
    [POLL_TRIGGER_TASK]: lazy(async () =>
      (await import("./poll-trigger")).makePollTriggerTask({ ...deps, now, minIntervalSeconds }),
    ),
  };
}
