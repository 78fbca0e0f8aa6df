"use client";

import type { GraphNode as BuilderNode } from "../../../worker/engine/types";
import { Labeled } from "./labeled-input";
import type { Findings } from "./problems";

/**
 * Who approves and what they are told (R9). Expiry settings of `node.approval` keep
 * their defaults here; the approvals work owns them.
 */
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
    <div className="grid gap-3 md:grid-cols-2">
      <Labeled
        id={`${node.id}-approvers`}
        label="Approvers"
        nodeId={node.id}
        field="approval.approvers"
        findings={findings}
        help="Email addresses, separated by commas"
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
    </div>
  );
}
