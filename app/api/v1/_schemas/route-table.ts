// Every /api/v1 operation, once: method, path, and the zod schemas of its
// parameters, body and response. withApi parses and encodes with these, the
// OpenAPI document is generated from them, and the tenant-isolation test
// walks this table — so a route added here is documented and tested at once.
import * as apiKeys from "./api-keys";
import * as approvals from "./approvals";
import { automationRoutes } from "./automation-routes";
import * as connections from "./connections";
import { none, route, type RouteSpec } from "./route-spec";
import * as runs from "./runs";
import * as workerGroups from "./worker-groups";

export type { HttpMethod, RouteSpec } from "./route-spec";

export const apiRoutes = {
  ...automationRoutes,
  listRuns: route({
    operationId: "listRuns",
    method: "GET",
    path: "/runs",
    tag: "runs",
    summary: "The workspace's runs, newest first",
    params: none,
    query: runs.listRunsQuery,
    body: undefined,
    status: 200,
    response: runs.runList,
  }),
  getRun: route({
    operationId: "getRun",
    method: "GET",
    path: "/runs/{runId}",
    tag: "runs",
    summary: "A run with its node states and every attempt",
    params: runs.runParams,
    query: none,
    body: undefined,
    status: 200,
    response: runs.runDetails,
  }),
  listForEachItems: route({
    operationId: "listForEachItems",
    method: "GET",
    path: "/runs/{runId}/nodes/{nodeId}/items",
    tag: "runs",
    summary:
      "A page of a for-each step's items in a run, in list order: outcome, output, the failed step's last error",
    params: runs.forEachItemsParams,
    query: runs.forEachItemsQuery,
    body: undefined,
    status: 200,
    response: runs.forEachItemsPage,
  }),
  retryRun: route({
    operationId: "retryRun",
    method: "POST",
    path: "/runs/{runId}/retry",
    tag: "runs",
    summary:
      "Re-run the failed part of an ended run (next generation), on its version or the automation's latest",
    params: runs.runParams,
    query: runs.retryQuery,
    body: undefined,
    status: 200,
    response: runs.retriedRun,
  }),
  cancelRun: route({
    operationId: "cancelRun",
    method: "POST",
    path: "/runs/{runId}/cancel",
    tag: "runs",
    summary: "Cancel a running run",
    params: runs.runParams,
    query: none,
    body: undefined,
    status: 200,
    response: runs.cancelledRun,
  }),
  listConnections: route({
    operationId: "listConnections",
    method: "GET",
    path: "/connections",
    tag: "connections",
    summary: "The workspace's connections and their health",
    params: none,
    query: none,
    body: undefined,
    status: 200,
    response: connections.connectionList,
  }),
  updateConnectionLimits: route({
    operationId: "updateConnectionLimits",
    method: "PATCH",
    path: "/connections/{connectionId}",
    tag: "connections",
    summary:
      "Limit the calls through a connection: how many at once, how many per second or minute (absent fields keep their value, null removes a limit)",
    params: connections.connectionParams,
    query: none,
    body: connections.connectionLimitsBody,
    example: { maxConcurrent: 2, rateLimit: { count: 5, per: "second" } },
    status: 200,
    response: connections.connectionSummary,
  }),
  listApiKeys: route({
    operationId: "listApiKeys",
    method: "GET",
    path: "/api-keys",
    tag: "api-keys",
    summary: "The workspace's API keys (never the keys themselves)",
    params: none,
    query: none,
    body: undefined,
    status: 200,
    response: apiKeys.apiKeyList,
  }),
  createApiKey: route({
    operationId: "createApiKey",
    method: "POST",
    path: "/api-keys",
    tag: "api-keys",
    summary: "Create an API key; the response holds it once",
    params: none,
    query: none,
    body: apiKeys.createApiKeyBody,
    example: { name: "CI" },
    status: 201,
    response: apiKeys.createdApiKey,
  }),
  revokeApiKey: route({
    operationId: "revokeApiKey",
    method: "DELETE",
    path: "/api-keys/{keyId}",
    tag: "api-keys",
    summary: "Revoke an API key",
    params: apiKeys.apiKeyParams,
    query: none,
    body: undefined,
    status: 200,
    response: apiKeys.revokedApiKey,
  }),
  listApprovals: route({
    operationId: "listApprovals",
    method: "GET",
    path: "/approvals",
    tag: "approvals",
    summary: "The workspace's pending approval requests, with what approving would run",
    params: none,
    query: none,
    body: undefined,
    status: 200,
    response: approvals.pendingApprovalList,
  }),
  listWorkerGroups: route({
    operationId: "listWorkerGroups",
    method: "GET",
    path: "/worker-groups",
    tag: "workers",
    summary:
      "Worker groups with a live worker or queued steps: their live workers and queue depth (for a step's runsOn)",
    params: none,
    query: none,
    body: undefined,
    status: 200,
    response: workerGroups.workerGroupList,
  }),
  decideApproval: route({
    operationId: "decideApproval",
    method: "POST",
    path: "/approvals/{requestId}/decision",
    tag: "approvals",
    summary: "Approve or reject a request that names you (once; a second decision is refused)",
    params: approvals.approvalParams,
    query: none,
    body: approvals.decisionBody,
    example: { decision: "reject", comment: "Not this one" },
    status: 200,
    response: approvals.approvalRequest,
  }),
};

export type ApiRouteName = keyof typeof apiRoutes;
export const routeList: RouteSpec[] = Object.values(apiRoutes) as RouteSpec[];
