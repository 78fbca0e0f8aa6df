// Connectors are data: a description, zod schemas, and one small `run` per action.
// Everything an action may touch arrives in its ActionContext.
import type { z } from "zod";
import type { HttpClient } from "./http-client";

/** Filled in by the connections work (R8); no connector reads it yet. */
export type ActionCredentials =
  { kind: "oauth2"; accessToken: string } | { kind: "api_key"; apiKey: string };

export interface ActionContext {
  /** Guarded, idempotency-keyed, aborted with the attempt. */
  http: HttpClient;
  /** Aborts on cancel (R13) or on the attempt's timeout. */
  signal: AbortSignal;
  /** `runId:nodeId:generation`, the same for every retry of a generation (R10). */
  idempotencyKey: string;
  credentials?: ActionCredentials;
}

export interface ActionDefinition<
  I extends z.ZodObject = z.ZodObject,
  O extends z.ZodType = z.ZodType,
> {
  /** Unique within its connector; the full key is "<connector>.<key>". */
  key: string;
  displayName: string;
  description: string;
  /** Field `.describe()` texts become form labels. */
  input: I;
  output: O;
  /** OAuth scopes this action needs beyond the connector's own. */
  scopes?: readonly string[];
  /**
   * Header carrying the attempt's idempotency key, for APIs that honour one; null sends
   * none (most providers ignore such a header). Default "Idempotency-Key".
   */
  idempotencyHeader?: string | null;
  // Method syntax on purpose: it lets a specific action sit in an ActionDefinition[].
  /** Receives validated input; its result is validated by the framework. */
  run(ctx: ActionContext, input: z.output<I>): Promise<z.input<O>>;
}

/** One new thing a polling trigger found; `key` identifies it forever (it dedupes runs). */
export interface PolledItem {
  key: string;
  payload: Record<string, unknown>;
}

export interface PollResult {
  /** Oldest first: runs start in this order. */
  items: PolledItem[];
  /** Where the next poll continues; stored as JSON between polls. */
  cursor: unknown;
}

/** What a polling trigger may touch: like an action, minus the idempotency key. */
export interface TriggerContext {
  http: HttpClient;
  signal: AbortSignal;
  credentials?: ActionCredentials;
}

export interface TriggerDefinition<I extends z.ZodObject = z.ZodObject> {
  /** Unique within its connector; the full key is "<connector>.<key>". */
  key: string;
  displayName: string;
  description: string;
  input: I;
  scopes?: readonly string[];
  /**
   * Everything newer than `cursor`. With cursor null (the first poll) it returns the
   * current position; whatever items it returns then are not run (no flood on setup).
   */
  poll(ctx: TriggerContext, input: z.output<I>, cursor: unknown): Promise<PollResult>;
}

/** The icons a connector may pick; names as in the Lucide icon set the UI draws. */
export type ConnectorIcon =
  | "at-sign"
  | "file-text"
  | "git-branch"
  | "globe"
  | "hash"
  | "mail"
  | "megaphone"
  | "message-circle"
  | "messages-square"
  | "plug"
  | "sheet"
  | "table"
  | "ticket"
  | "wrench";

export type ConnectorAuth =
  { kind: "none" } | { kind: "oauth2"; scopes?: readonly string[] } | { kind: "api_key" };

export interface ConnectorDefinition {
  id: string;
  displayName: string;
  /** Which of the UI's icons stands for it (app/_components/connector-icon.tsx draws them). */
  icon: ConnectorIcon;
  /** Key in Nango's provider catalogue; null when no account is needed. */
  provider: string | null;
  auth: ConnectorAuth;
  baseUrl?: string;
  actions: readonly ActionDefinition[];
  /** Polling triggers ("app events"), keyed like actions. */
  triggers?: readonly TriggerDefinition[];
  /**
   * Talks to Switchyard's own offline demo APIs (worker/demo), not a real provider: its
   * provider is not in Nango's catalogue, and it is hidden in production unless the demo
   * is switched on (see availableConnectors).
   */
  demo?: boolean;
  /** Its actions only reshape data and call nothing over the network (Utilities). */
  noNetwork?: boolean;
}

const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;
// Connector ids may also use hyphens, like Nango's provider keys ("google-sheets").
const CONNECTOR_ID_PATTERN = /^[a-z][a-z0-9_-]*$/;

export function defineAction<I extends z.ZodObject, O extends z.ZodType>(
  action: ActionDefinition<I, O>,
): ActionDefinition<I, O> {
  if (!KEY_PATTERN.test(action.key))
    throw new Error(`Action key "${action.key}" must match ${KEY_PATTERN}`);
  return action;
}

export function defineTrigger<I extends z.ZodObject>(
  trigger: TriggerDefinition<I>,
): TriggerDefinition<I> {
  if (!KEY_PATTERN.test(trigger.key))
    throw new Error(`Trigger key "${trigger.key}" must match ${KEY_PATTERN}`);
  return trigger;
}

export function defineConnector(connector: ConnectorDefinition): ConnectorDefinition {
  if (!CONNECTOR_ID_PATTERN.test(connector.id))
    throw new Error(`Connector id "${connector.id}" must match ${CONNECTOR_ID_PATTERN}`);
  const keys = connector.actions.map((action) => action.key);
  const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
  if (duplicate !== undefined)
    throw new Error(`Connector "${connector.id}" defines action "${duplicate}" twice`);
  if ((connector.auth.kind === "none") !== (connector.provider === null)) {
    throw new Error(
      `Connector "${connector.id}": a provider is needed exactly when auth is not "none"`,
    );
  }
  return connector;
}
