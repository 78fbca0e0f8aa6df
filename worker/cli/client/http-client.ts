import { AppError, type AppErrorCode } from "../../errors";
import { CliError } from "../cli-error";
import type { Answer, Query, SwitchyardClient } from "./switchyard-client";

type Method = "GET" | "POST";

/** A running instance's REST API (/api/v1), as the API key's user. */
export function openHttpClient(baseUrl: string, apiKey: string): SwitchyardClient {
  const root = `${baseUrl.replace(/\/+$/, "")}/api/v1`;
  async function call<T>(
    method: Method,
    path: string,
    options: { query?: Record<string, unknown>; body?: unknown } = {},
  ): Promise<T> {
    const url = new URL(root + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (err) {
      throw new CliError(
        `Cannot reach ${baseUrl}: ${(err as Error).cause ?? (err as Error).message}`,
        "unavailable",
      );
    }
    const json = (await response.json().catch(() => null)) as {
      error?: { code: string; message: string; details?: unknown };
    } | null;
    if (response.ok) return json as T;
    const error = json?.error;
    if (!error) throw new CliError(`${baseUrl} answered HTTP ${response.status}`, "unavailable");
    // The same AppError the local database would have thrown: one mapping to exit codes.
    throw new AppError(
      error.code === "database_unavailable" || error.code === "internal"
        ? "unavailable"
        : (error.code as AppErrorCode),
      error.message,
      error.details,
    );
  }
  const id = encodeURIComponent;
  return {
    listAutomations: () => call<Answer<"listAutomations">>("GET", "/automations"),
    getAutomation: (automationId) => call("GET", `/automations/${id(automationId)}`),
    createAutomation: (name, graph) => call("POST", "/automations", { body: { name, graph } }),
    saveVersion: (automationId, graph) =>
      call("POST", `/automations/${id(automationId)}/versions`, { body: { graph } }),
    startRun: (automationId, payload) =>
      call("POST", `/automations/${id(automationId)}/runs`, { body: { payload } }),
    listRuns: (query: Query<"listRuns">) => call("GET", "/runs", { query }),
    getRun: (runId) => call("GET", `/runs/${id(runId)}`),
    retryRun: (runId, query) => call("POST", `/runs/${id(runId)}/retry`, { query }),
    cancelRun: (runId) => call("POST", `/runs/${id(runId)}/cancel`),
    listApprovals: () => call("GET", "/approvals"),
    decideApproval: (requestId, body) =>
      call("POST", `/approvals/${id(requestId)}/decision`, { body }),
    // The instance runs its own workers.
    ensureWorker: async () => {},
    close: async () => {},
  };
}
