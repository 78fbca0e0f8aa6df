import { CliError, requireArg } from "../cli-error";
import type { CommandContext } from "../options";

export async function approvalsCommand(ctx: CommandContext, sub: string | undefined) {
  const { client, out, args, values } = ctx;
  switch (sub) {
    case "list": {
      const answer = await client.listApprovals();
      const text =
        answer.approvals.length === 0
          ? "No approvals are waiting"
          : answer.approvals
              .map((a) =>
                [
                  `${a.id}  ${a.automationName}: ${a.message}`,
                  `    run ${a.runId}; approvers ${a.approvers.join(", ")}; expires ${a.expiresAt}`,
                  ...a.held.map((h) => `    holds: ${h.name ?? h.action}`),
                  `    decide: npm run switchyard -- approvals decide ${a.id} --approve (or --reject)`,
                ].join("\n"),
              )
              .join("\n");
      out.result(text, answer);
      return 0;
    }
    case "decide": {
      const id = requireArg(args[0], "an approval request id");
      if (values.approve === values.reject) {
        throw new CliError("Say --approve or --reject (one of them)", "usage");
      }
      const decided = await client.decideApproval(id, {
        decision: values.approve ? "approve" : "reject",
        comment: values.comment,
      });
      out.result(
        `${decided.status === "approved" ? "Approved" : "Rejected"} by ${decided.decidedBy ?? "?"}; run ${decided.runId} goes on`,
        decided,
      );
      return 0;
    }
    default:
      throw new CliError(
        `Unknown subcommand "approvals ${sub ?? ""}": use list or decide`,
        "usage",
      );
  }
}
