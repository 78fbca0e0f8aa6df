// Plain data the server hands the builder and run pages (serialisable, no Prisma types),
// so client components can import these types without pulling in server code.
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
  icon: string;
  provider: string | null;
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
  /** A received event to start the sample payload with ("use as sample payload"). */
  sample?: unknown;
}

export type SaveResult =
  | { ok: true; automationId: string; versionNumber: number; warnings: ValidationProblem[] }
  | { ok: false; message: string; problems: ValidationProblem[]; warnings: ValidationProblem[] };
