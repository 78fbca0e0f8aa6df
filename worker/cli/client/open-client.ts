import { CliError } from "../cli-error";
import type { SwitchyardClient } from "./switchyard-client";

export interface ClientOptions {
  verbose: boolean;
  /** Local database only: decide approvals as this approver's email. */
  actAs?: string;
}

/**
 * SWITCHYARD_URL and SWITCHYARD_API_KEY: that instance's REST API; neither: the local
 * database. Each is loaded only when used, so a command starts no faster than it must.
 */
export async function openClient(options: ClientOptions): Promise<SwitchyardClient> {
  const url = process.env.SWITCHYARD_URL;
  const apiKey = process.env.SWITCHYARD_API_KEY;
  if (url || apiKey) {
    if (!url || !apiKey) {
      throw new CliError(
        "Set both SWITCHYARD_URL and SWITCHYARD_API_KEY to use a running instance (or neither, for the local database)",
        "usage",
      );
    }
    if (options.actAs) {
      throw new CliError(
        "--as is for the local database; against an instance you decide as the API key's user",
        "usage",
      );
    }
    const { openHttpClient } = await import("./http-client");
    return openHttpClient(url, apiKey);
  }
  const { openLocalClient } = await import("./local-client");
  return openLocalClient(options);
}
