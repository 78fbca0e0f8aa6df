import type { PollResult } from "../../connectors/_sdk/define";
import type { ActionCredentials } from "../../connectors/_sdk/define";
import { ConnectorError } from "../../connectors/_sdk/errors";
import { executePoll } from "../../connectors/_sdk/poll";
import { getTrigger } from "../../connectors/registry";
import type { WorkerConfig } from "../config";
import type { ConnectionAccess } from "../connections/connection-access";
import type { PollTriggerConfig } from "../engine/types";

/**
 * One poll of a source, outside any transaction, with the connection's credentials
 * fetched like an action's (and refreshed once after a 401). Throws a ConnectorError
 * when the provider, the credentials or the source fail.
 */
export async function runPoll(
  poll: PollTriggerConfig,
  cursor: unknown,
  workspaceId: string,
  config: WorkerConfig,
  connections: ConnectionAccess,
): Promise<PollResult> {
  const found = getTrigger(poll.source);
  if (!found) throw ConnectorError.inputValidation(`Unknown trigger "${poll.source}"`);
  const call = (credentials?: ActionCredentials) =>
    executePoll(found.trigger, poll.input ?? {}, cursor, {
      timeoutMs: config.defaultStepTimeoutMs,
      allowPrivateNetwork: config.allowPrivateNetwork,
      baseUrl: config.connectorBaseUrls[found.connector.id] ?? found.connector.baseUrl,
      credentials,
    });
  if (found.connector.auth.kind === "none") return call();
  if (!poll.connection) throw ConnectorError.inputValidation(`"${poll.source}" needs a connection`);

  const access = await connections.getCredentials(poll.connection, workspaceId);
  if (!access.ok) throw brokenConnection(access.message);
  try {
    return await call(access.credentials);
  } catch (err) {
    if (!(err instanceof ConnectorError) || !err.authBroken) throw err;
    const refreshed = await connections.refreshAfterUnauthorized(
      poll.connection,
      workspaceId,
      err.message,
    );
    if (!refreshed.ok) throw brokenConnection(refreshed.message);
    return call(refreshed.credentials);
  }
}

function brokenConnection(message: string) {
  return new ConnectorError({ errorClass: "auth", retryable: false, authBroken: true, message });
}
