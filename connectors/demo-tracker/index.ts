import { defineConnector } from "../_sdk/define";
import { commentOnIssue } from "./comment-on-issue";
import { createIssue } from "./create-issue";

export const demoTrackerConnector = defineConnector({
  id: "demo-tracker",
  displayName: "Demo Tracker",
  icon: "ticket",
  // Switchyard's own demo OAuth provider, not one of Nango's.
  provider: "switchyard-demo",
  auth: { kind: "oauth2", scopes: ["tracker:read", "tracker:write"] },
  // A placeholder: the worker points it at the running demo APIs through
  // SWITCHYARD_CONNECTOR_BASE_URLS (see demoConnectorBaseUrls in worker/demo/demo-apis.ts).
  baseUrl: "http://127.0.0.1:4011/tracker",
  actions: [createIssue, commentOnIssue],
  demo: true,
});
