// Every /api/v1 operation, once: method, path, and the zod schemas of its
// parameters, body and response. withApi parses and encodes with these, the
// OpenAPI document is generated from them, and the tenant-isolation test
// walks this table — so a route added here is documented and tested at once.
import { z } from "zod";
import * as apiKeys from "./api-keys";
import * as approvals from "./approvals";
import * as automationTriggers from "./automation-triggers";
import * as automations from "./automations";
import { connectionList } from "./connections";
import * as runs from "./runs";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface RouteSpec<
  P extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI form, relative to /api/v1: /runs/{runId} */
  path: string;
  summary: string;
  tag: string;
  params: P;
  query: Q;
  body: B;
  /** A valid body, shown in the document and sent by the tenancy test. */
  example?: B extends z.ZodType ? z.input<B> : never;
  status: 200 | 201;
  response: R;
}

function route<
  P extends z.ZodObject,
  Q extends z.ZodObject,
  B extends z.ZodType | undefined,
  R extends z.ZodType,
>(spec: RouteSpec<P, Q, B, R>): RouteSpec<P, Q, B, R> {
  return spec;
}

const none = z.object({});
const exampleGraph = {
  nodes: [
    { id: "trigger", type: "trigger" },
    {
      id: "notify",
      type: "action",
      action: "http.request",
      input: { url: "https://example.com/hook" },
    },
  ],
  edges: [{ from: "trigger", to: "notify", kind: "dependent" }],
};

export const apiRoutes = {
  listAutomations: route({
    operationId: "listAutomations",
    method: "GET",
    path: "/automations",
    tag: "automations",
    summary: "The workspace's automations",
    params: none,
    query: none,
    body: undefined,
    status: 200,
    response: automations.automationList,
  }),
  createAutomation: route({
    operationId: "createAutomation",
    method: "POST",
    path: "/automations",
    tag: "automations",
    summary: "Create an automation with its first version (422 lists every graph problem)",
    params: none,
    query: none,
    body: automations.createAutomationBody,
    example: { name: "Notify on order", graph: exampleGraph },
    status: 201,
    response: automations.savedVersion,
  }),
  validateGraph: route({
    operationId: "validateGraph",
    method: "POST",
    path: "/automations/validate",
    tag: "automations",
    summary: "Check a graph without saving it: problems and warnings",
    params: none,
    query: none,
    body: automations.validateGraphBody,
    example: { graph: exampleGraph },
    status: 200,
    response: automations.graphValidation,
  }),
  testStep: route({
    operationId: "testStep",
    method: "POST",
    path: "/automations/test-step",
    tag: "automations",
    summary:
      "Run one action node now, with sample data or an earlier run's: calls the real service, records nothing in any run",
    params: none,
    query: none,
    body: automations.testStepBody,
    example: {
      node: { id: "copy", type: "action", action: "util.pass_data", input: { data: { n: 1 } } },
    },
    status: 200,
    response: automations.testStepResult,
  }),
  getAutomation: route({
    operationId: "getAutomation",
    method: "GET",
    path: "/automations/{automationId}",
    tag: "automations",
    summary: "One automation with every version",
    params: automations.automationParams,
    query: none,
    body: undefined,
    status: 200,
    response: automations.automationDetails,
  }),
  updateAutomation: route({
    operationId: "updateAutomation",
    method: "PATCH",
    path: "/automations/{automationId}",
    tag: "automations",
    summary:
      "Change report settings: who gets failure reports and the digest window (absent fields keep their value)",
    params: automations.automationParams,
    query: none,
    body: automations.reportSettingsBody,
    example: { reportRecipients: ["ops@example.com"], reportDigestMinutes: 15 },
    status: 200,
    response: automations.automationDetails,
  }),
  listGateRecords: route({
    operationId: "listGateRecords",
    method: "GET",
    path: "/automations/{automationId}/gates",
    tag: "automations",
    summary:
      "Each approval gate's record across all runs: approved, rejected, expired, pending, median wait",
    params: automations.automationParams,
    query: none,
    body: undefined,
    status: 200,
    response: automations.gateRecordList,
  }),
  createVersion: route({
    operationId: "createAutomationVersion",
    method: "POST",
    path: "/automations/{automationId}/versions",
    tag: "automations",
    summary: "Save a new immutable version",
    params: automations.automationParams,
    query: none,
    body: automations.newVersionBody,
    example: { graph: exampleGraph },
    status: 201,
    response: automations.savedVersion,
  }),
  startRun: route({
    operationId: "startRun",
    method: "POST",
    path: "/automations/{automationId}/runs",
    tag: "runs",
    summary: "Run the latest version with a trigger payload",
    params: automations.automationParams,
    query: none,
    body: runs.startRunBody,
    example: { payload: { orderId: "A-1" } },
    status: 201,
    response: runs.startedRun,
  }),
  pauseAutomation: route({
    operationId: "pauseAutomation",
    method: "POST",
    path: "/automations/{automationId}/pause",
    tag: "automations",
    summary: "Stop new runs; arriving events are refused or queued until resumed",
    params: automations.automationParams,
    query: none,
    body: automationTriggers.pauseBody,
    example: { queueWhilePaused: true },
    status: 200,
    response: automationTriggers.pauseState,
  }),
  resumeAutomation: route({
    operationId: "resumeAutomation",
    method: "POST",
    path: "/automations/{automationId}/resume",
    tag: "automations",
    summary: "Start runs again, first one per event queued while paused",
    params: automations.automationParams,
    query: none,
    body: undefined,
    status: 200,
    response: automationTriggers.resumed,
  }),
  rotateWebhookToken: route({
    operationId: "rotateWebhookToken",
    method: "POST",
    path: "/automations/{automationId}/webhook-token",
    tag: "automations",
    summary: "Give the automation a new webhook URL; the old one stops at once",
    params: automations.automationParams,
    query: none,
    body: undefined,
    status: 200,
    response: automationTriggers.webhookToken,
  }),
  setWebhookSecret: route({
    operationId: "setWebhookSecret",
    method: "POST",
    path: "/automations/{automationId}/webhook-secret",
    tag: "automations",
    summary: "Set or rotate the webhook's signing secret (shown once); the old one stops at once",
    params: automations.automationParams,
    query: none,
    body: automationTriggers.webhookSecretBody,
    example: {},
    status: 200,
    response: automationTriggers.webhookSecret,
  }),
  removeWebhookSecret: route({
    operationId: "removeWebhookSecret",
    method: "DELETE",
    path: "/automations/{automationId}/webhook-secret",
    tag: "automations",
    summary: "Remove the signing secret (the trigger's environment variable applies again, if any)",
    params: automations.automationParams,
    query: none,
    body: undefined,
    status: 200,
    response: automationTriggers.webhookSecret,
  }),
  getWebhookEvent: route({
    operationId: "getWebhookEvent",
    method: "GET",
    path: "/automations/{automationId}/events/{eventId}",
    tag: "automations",
    summary: "What became of an accepted webhook: its run, once started",
    params: automationTriggers.webhookEventParams,
    query: none,
    body: undefined,
    status: 200,
    response: automationTriggers.webhookEvent,
  }),
  getSampleEvent: route({
    operationId: "getSampleEvent",
    method: "GET",
    path: "/automations/{automationId}/sample-event",
    tag: "automations",
    summary: "The newest event that reached the trigger (for listening for a test event)",
    params: automations.automationParams,
    query: automationTriggers.sampleEventQuery,
    body: undefined,
    status: 200,
    response: automationTriggers.sampleEvent,
  }),
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
    response: connectionList,
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
