// Every connector the product ships, listed by hand: adding one is a reviewed, one-line
// change, and nothing is discovered from the file system at run time.
//
// Demo connectors (`demo: true`) talk to Switchyard's offline demo APIs. They are always
// registered, so getConnector/getAction/actionCatalog resolve them and a saved graph that
// uses them keeps running; they are only *offered* (availableConnectors) when the demo
// is on: outside production always, in production with SWITCHYARD_DEMO=true.
import type { z } from "zod";
import type { ActionDefinition, ConnectorDefinition, TriggerDefinition } from "./_sdk/define";
import { airtableConnector } from "./airtable/index";
import { demoChatConnector } from "./demo-chat/index";
import { demoTrackerConnector } from "./demo-tracker/index";
import { discordConnector } from "./discord/index";
import { facebookPagesConnector } from "./facebook-pages/index";
import { githubConnector } from "./github/index";
import { gmailConnector } from "./gmail/index";
import { googleSheetsConnector } from "./google-sheets/index";
import { httpConnector } from "./http/index";
import { utilConnector } from "./util/index";
import { notionConnector } from "./notion/index";
import { slackConnector } from "./slack/index";
import { xConnector } from "./x/index";

export const connectors: readonly ConnectorDefinition[] = [
  httpConnector,
  utilConnector,
  slackConnector,
  githubConnector,
  googleSheetsConnector,
  gmailConnector,
  xConnector,
  facebookPagesConnector,
  notionConnector,
  airtableConnector,
  discordConnector,
  demoChatConnector,
  demoTrackerConnector,
];

type Env = Readonly<Record<string, string | undefined>>;

/** Whether demo connectors are offered: always outside production, else with SWITCHYARD_DEMO=true. */
export function demoConnectorsEnabled(env: Env = process.env): boolean {
  if (env.SWITCHYARD_DEMO === "false") return false;
  return env.NODE_ENV !== "production" || env.SWITCHYARD_DEMO === "true";
}

/**
 * The connectors to offer for new steps and new connections: all of them, minus the demo
 * ones when the demo is off. Read the environment on the server: in a client bundle only
 * NODE_ENV is inlined, so the demo would always look off in production there.
 */
export function availableConnectors(env: Env = process.env): readonly ConnectorDefinition[] {
  return demoConnectorsEnabled(env) ? connectors : connectors.filter((c) => c.demo !== true);
}

export function getConnector(id: string): ConnectorDefinition | undefined {
  return connectors.find((connector) => connector.id === id);
}

/** Looks up "<connector>.<action>", e.g. "http.request". */
export function getAction(
  key: string,
): { connector: ConnectorDefinition; action: ActionDefinition } | undefined {
  const dot = key.indexOf(".");
  if (dot === -1) return undefined;
  const connector = getConnector(key.slice(0, dot));
  const action = connector?.actions.find((candidate) => candidate.key === key.slice(dot + 1));
  return connector && action ? { connector, action } : undefined;
}

/** Looks up a polling trigger "<connector>.<trigger>", e.g. "github.new_issue". */
export function getTrigger(
  key: string,
): { connector: ConnectorDefinition; trigger: TriggerDefinition } | undefined {
  const dot = key.indexOf(".");
  if (dot === -1) return undefined;
  const connector = getConnector(key.slice(0, dot));
  const trigger = connector?.triggers?.find((candidate) => candidate.key === key.slice(dot + 1));
  return connector && trigger ? { connector, trigger } : undefined;
}

/** The connector catalogue as the pure graph validator sees it (its ActionCatalog). */
export const actionCatalog = {
  getAction(key: string) {
    const found = getAction(key);
    return found && catalogEntry(found.connector, found.action);
  },
  getTrigger(key: string) {
    const found = getTrigger(key);
    return found && catalogEntry(found.connector, found.trigger);
  },
};

function catalogEntry(
  connector: ConnectorDefinition,
  entry: ActionDefinition | TriggerDefinition,
): { input: z.ZodType; provider: string | null; app: { id: string; name: string }; name: string } {
  return {
    input: entry.input,
    provider: connector.provider,
    app: { id: connector.id, name: connector.displayName },
    name: entry.displayName,
  };
}
