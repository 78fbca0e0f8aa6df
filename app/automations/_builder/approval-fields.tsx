"use client";

import type { GraphNode as BuilderNode } from "../../../worker/engine/types";
import { Labeled } from "./labeled-input";
import type { Findings } from "./problems";

/** Who approves, what they are told, and what happens when nobody decides in time (R9). */
export function ApprovalFields(props: {
  node: BuilderNode;
  findings: Findings;
  onChange: (node: BuilderNode) => void;
}) {
  const { node, findings, onChange } = props;
  const approval = node.approval ?? {};
  const set = (patch: Partial<NonNullable<BuilderNode["approval"]>>) =>
    onChange({ ...node, approval: { ...approval, ...patch } });
  const approvers = approval.approvers?.join(", ") ?? "";
  return (
    <div className="grid gap-3 @2xl:grid-cols-2">
      <Labeled
        id={`${node.id}-approvers`}
        label="Approvers"
        nodeId={node.id}
        field="approval.approvers"
        findings={findings}
        help="Email addresses of workspace members or anyone else, separated by commas; empty: the run's owner"
      >
        <input
          id={`${node.id}-approvers`}
          value={approvers}
          onChange={(e) =>
            set({
              approvers: e.target.value
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            })
          }
        />
      </Labeled>
      <Labeled
        id={`${node.id}-message`}
        label="Message"
        nodeId={node.id}
        field="approval.message"
        findings={findings}
      >
        <textarea
          id={`${node.id}-message`}
          rows={2}
          value={approval.message ?? ""}
          onChange={(e) => set({ message: e.target.value })}
        />
      </Labeled>
      <Labeled
        id={`${node.id}-expires`}
        label="Expires after (hours)"
        nodeId={node.id}
        field="approval.expiresInHours"
        findings={findings}
        help="Empty: 72 hours"
      >
        <input
          id={`${node.id}-expires`}
          type="number"
          min={0}
          step="any"
          value={approval.expiresInHours ?? ""}
          onChange={(e) =>
            set({ expiresInHours: e.target.value === "" ? undefined : Number(e.target.value) })
          }
        />
      </Labeled>
      <Labeled
        id={`${node.id}-on-expiry`}
        label="When it expires"
        nodeId={node.id}
        field="approval.onExpiry"
        findings={findings}
      >
        <select
          id={`${node.id}-on-expiry`}
          value={approval.onExpiry ?? "reject"}
          onChange={(e) => set({ onExpiry: e.target.value as "reject" | "approve" })}
        >
          <option value="reject">Reject: dependent steps are skipped</option>
          <option value="approve">Approve: the held steps run</option>
        </select>
      </Labeled>
      <label className="flex items-center gap-2 @2xl:col-span-2">
        <input
          type="checkbox"
          checked={approval.requesterMayNotApprove ?? false}
          onChange={(e) => set({ requesterMayNotApprove: e.target.checked || undefined })}
        />
        The run&apos;s owner may not approve their own request
      </label>
    </div>
  );
}
