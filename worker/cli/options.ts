import type { ParseArgsConfig } from "node:util";
import type { SwitchyardClient } from "./client/switchyard-client";
import type { Output } from "./output";

export const OPTIONS = {
  payload: { type: "string" },
  "no-wait": { type: "boolean", default: false },
  "request-approval-again": { type: "boolean", default: false },
  latest: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  verbose: { type: "boolean", default: false },
  automation: { type: "string" },
  status: { type: "string" },
  since: { type: "string" },
  limit: { type: "string" },
  approve: { type: "boolean", default: false },
  reject: { type: "boolean", default: false },
  comment: { type: "string" },
  as: { type: "string" },
  name: { type: "string" },
  out: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
  version: { type: "boolean", default: false },
} satisfies ParseArgsConfig["options"];

export interface OptionValues {
  payload?: string;
  "no-wait": boolean;
  "request-approval-again": boolean;
  latest: boolean;
  json: boolean;
  verbose: boolean;
  automation?: string;
  status?: string;
  since?: string;
  limit?: string;
  approve: boolean;
  reject: boolean;
  comment?: string;
  as?: string;
  name?: string;
  out?: string;
}

/** What every command gets: the client, where to write, its arguments and the options. */
export interface CommandContext {
  client: SwitchyardClient;
  out: Output;
  /** Positional arguments after the command and subcommand. */
  args: string[];
  values: OptionValues;
}
