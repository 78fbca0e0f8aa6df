// Every connector the product ships, listed by hand: adding one is a reviewed, one-line
// change, and nothing is discovered from the file system at run time.
import type { z } from "zod";
import type { ActionDefinition, ConnectorDefinition } from "./_sdk/define";
import { airtableConnector } from "./airtable/index";
import { discordConnector } from "./discord/index";
import { facebookPagesConnector } from "./facebook-pages/index";
import { githubConnector } from "./github/index";
import { gmailConnector } from "./gmail/index";
import { googleSheetsConnector } from "./google-sheets/index";
import { httpConnector } from "./http/index";
import { notionConnector } from "./notion/index";
import { slackConnector } from "./slack/index";
import { xConnector } from "./x/index";

export const connectors: readonly ConnectorDefinition[] = [
  httpConnector,
  slackConnector,
  githubConnector,
  googleSheetsConnector,
  gmailConnector,
  xConnector,
  facebookPagesConnector,
  notionConnector,
  airtableConnector,
  discordConnector,
];

/** What the pure graph validator needs to know about an action key. */
export interface ActionCatalog {
  getAction(key: string): { input: z.ZodType; provider: string | null } | undefined;
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

export const actionCatalog: ActionCatalog = {
  getAction(key) {
    const found = getAction(key);
    return found && { input: found.action.input, provider: found.connector.provider };
  },
};
