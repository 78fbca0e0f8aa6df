// Plain data the server hands the builder and run pages (serialisable, no Prisma types),
// so client components can import these types without pulling in server code.
import type { BranchStatus } from "../../../worker/engine/branches";
import type { Graph, ValidationProblem } from "../../../worker/engine/types";

/** A JSON Schema as z.toJSONSchema writes it, narrowed to what the forms read. */
export interface FieldSchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  items?: FieldSchema;
  anyOf?: FieldSchema[];
  format?: string;
}

export interface CatalogAction {
  key: string;
  displayName: string;
  description: string;
  input: FieldSchema;
  output: FieldSchema;
}

/** A polling trigger ("app event"), keyed "<connector>.<trigger>" like actions. */
export interface CatalogTrigger {
  key: string;
  displayName: string;
  description: string;
  input: FieldSchema;
}

export interface CatalogConnector {
  id: string;
  displayName: string;
  provider: string | null;
  /** false: its actions call nothing over the network (testing one has no side effect). */
  callsService: boolean;
  actions: CatalogAction[];
  triggers: CatalogTrigger[];
  /** This workspace's usable connections for the connector's provider. */
  connections: { id: string; label: string }[];
}

export interface BuilderData {
  automationId: string | null;
  name: string;
  graph: Graph;
  versionNumber: number | null;
  /** The saved sample payload, or a received event ("use as sample payload"). */
  sample?: unknown;
  /** Runs whose data "Test step" can use instead of the sample, newest first. */
  recentRuns?: RecentRun[];
}

export interface RecentRun {
  id: string;
  label: string;
}

/** What "Test step" shows: the action's output, or why it failed in words. */
/** `itemWords`: tested with a run inside a for-each, which of its items, in a sentence. */
export type TestStepView =
  | { ok: true; output: unknown; durationMs: number; missingSteps: string[]; itemWords?: string }
  | { ok: false; headline: string; detail: string; missingSteps: string[]; itemWords?: string };

export type SaveResult =
  | { ok: true; automationId: string; versionNumber: number; warnings: ValidationProblem[] }
  | { ok: false; message: string; problems: ValidationProblem[]; warnings: ValidationProblem[] };

/** A branch as people read it: its name and its status in words (worker/names.ts). */
export interface NamedBranch {
  rootNodeId: string;
  label: string;
  status: BranchStatus;
  statusWords: string;
}
