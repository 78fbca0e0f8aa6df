import type { TaskList } from "graphile-worker";
import type { RunNodeDeps } from "./run-node";
import { makeRunNodeTask } from "./run-node";
import { makeConnectionWaitDeadlineTask } from "./connection-wait-deadline";
import { CONNECTION_WAIT_DEADLINE_TASK, RUN_NODE_TASK } from "../queue/node-job";
import { makeSendEmailTask } from "./send-email";
import { SEND_EMAIL_TASK } from "../mail/send-email-job";
import { makeApprovalExpiryTask } from "./approval-expiry";
import { APPROVAL_EXPIRY_TASK } from "../approvals/approval-job";
import { makeScheduleTickTask } from "./schedule-tick";
import { makePollTriggerTask } from "./poll-trigger";
import { POLL_TRIGGER_TASK, SCHEDULE_TICK_TASK } from "../queue/trigger-jobs";

export type TaskDeps = RunNodeDeps;

/** Every graphile-worker task this product runs: one line per task. */
export function buildTaskList(deps: TaskDeps): TaskList {
  return {
    [RUN_NODE_TASK]: makeRunNodeTask(deps),
    [CONNECTION_WAIT_DEADLINE_TASK]: makeConnectionWaitDeadlineTask(deps.prisma),
    [SEND_EMAIL_TASK]: makeSendEmailTask(deps.prisma),
    [APPROVAL_EXPIRY_TASK]: makeApprovalExpiryTask(deps.prisma),
    [SCHEDULE_TICK_TASK]: makeScheduleTickTask({ prisma: deps.prisma, now: () => new Date() }),
    [POLL_TRIGGER_TASK]: makePollTriggerTask({ ...deps, now: () => new Date() }),
  };
}
