"use client";

import type { GraphNode as BuilderNode } from "../../../worker/engine/types";
import type { Findings } from "./problems";

/**
 * The trigger's settings. Manual is the default: a run starts by hand (or through the
 * API). Webhook, schedule and poll settings belong to the triggers work and go here.
 */
export function TriggerSettings(_props: {
  node: BuilderNode;
  findings: Findings;
  onChange: (node: BuilderNode) => void;
}) {
  return (
    <p className="text-sm text-slate-700" data-trigger-kind="manual">
      Manual: runs start by hand from the automation page, with a sample payload.
    </p>
  );
}
