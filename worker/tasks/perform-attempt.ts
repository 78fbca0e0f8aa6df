import type { ActionCredentials } from "../../connectors/_sdk/define";
import { ConnectorError } from "../../connectors/_sdk/errors";
import { executeAction } from "../../connectors/_sdk/execute";
import { getAction } from "../../connectors/registry";
import type { WorkerConfig } from "../config";
import type { ConnectionAccess } from "../connections/connection-access";
import { resolveTemplates } from "../engine";
import type { ClaimedAttempt } from "../runs/store/claim-attempt";
import type { AttemptError, AttemptResult } from "../runs/store/record-attempt";

export type AttemptOutcome =
  | { kind: "result"; result: AttemptResult }
  /** R8: the connection is broken; the node waits instead of burning attempts. */
  | {
      kind: "wait_connection";
      connectionId: string;
      message: string;
      /** Whether a call was made (a 401) or the credentials were known broken before. */
      attempted: boolean;
      /** A freshly refreshed credential was refused too: the connection must be marked broken. */
      markBroken: boolean;
      /** The provider's answer when a call was made (e.g. 401). */
      httpStatus: number | null;
    };

/** What calling an action needs: the node, the data its templates read, whose it is. */
export type ActionCall = Pick<ClaimedAttempt, "node" | "data" | "workspaceId"> & {
  idempotencyKey: string;
};

/**
 * One attempt of an action node, outside any transaction: credentials (R8),
 * templates (R6), the connector call under cancel + timeout, and one refresh
 * after a 401. A run's attempt and the builder's "Test step" both call it.
 */
export async function performAttempt(
  claimed: ActionCall,
  signal: AbortSignal,
  config: WorkerConfig,
  connections: ConnectionAccess,
): Promise<AttemptOutcome> {
  const actionKey = claimed.node.action ?? "";
  const found = getAction(actionKey);
  if (!found)
    return result(failure(ConnectorError.inputValidation(`Unknown action "${actionKey}"`)));

  const connectionId = claimed.node.connection;
  const needsConnection = found.connector.auth.kind !== "none";
  if (needsConnection && !connectionId) {
    return result(failure(ConnectorError.inputValidation(`"${actionKey}" needs a connection`)));
  }
  const call = async (credentials?: ActionCredentials): Promise<AttemptResult> => {
    try {
      const input = resolveTemplates(claimed.node.input ?? {}, claimed.data);
      const output = await executeAction(found.action, input, {
        signal,
        timeoutMs: claimed.node.timeoutMs ?? config.defaultStepTimeoutMs,
        idempotencyKey: claimed.idempotencyKey,
        allowPrivateNetwork: config.allowPrivateNetwork,
        baseUrl: config.connectorBaseUrls[found.connector.id] ?? found.connector.baseUrl,
        credentials,
      });
      return { ok: true, output };
    } catch (err) {
      return failure(err);
    }
  };
  if (!needsConnection || !connectionId) return result(await call());

  // Reaching the provider or Nango for credentials may fail transiently: that
  // is an ordinary (retryable) failure of this attempt, not a broken account.
  try {
    const access = await connections.getCredentials(connectionId, claimed.workspaceId);
    if (!access.ok) return waitFor(connectionId, access.message, false, null, false);
    const first = await call(access.credentials);
    if (first.ok || !first.error.authBroken) return result(first);

    const refreshed = await connections.refreshAfterUnauthorized(
      connectionId,
      claimed.workspaceId,
      first.error.message,
    );
    if (!refreshed.ok) {
      return waitFor(connectionId, first.error.message, true, first.error.httpStatus, false);
    }
    const second = await call(refreshed.credentials);
    if (second.ok || !second.error.authBroken) return result(second);
    return waitFor(connectionId, second.error.message, true, second.error.httpStatus, true);
  } catch (err) {
    return result(failure(err));
  }
}

function result(r: AttemptResult): AttemptOutcome {
  return { kind: "result", result: r };
}

function waitFor(
  connectionId: string,
  message: string,
  attempted: boolean,
  httpStatus: number | null,
  markBroken: boolean,
): AttemptOutcome {
  return { kind: "wait_connection", connectionId, message, attempted, markBroken, httpStatus };
}

function failure(err: unknown): AttemptResult {
  const error: AttemptError =
    err instanceof ConnectorError
      ? {
          errorClass: err.errorClass,
          message: err.message,
          retryable: err.retryable,
          authBroken: err.authBroken,
          httpStatus: err.httpStatus,
          retryAfterMs: err.retryAfterMs,
        }
      : {
          errorClass: "internal",
          message: err instanceof Error ? err.message : String(err),
          retryable: false,
          authBroken: false,
          httpStatus: null,
          retryAfterMs: null,
        };
  return { ok: false, error };
}
