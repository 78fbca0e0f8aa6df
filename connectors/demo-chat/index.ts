import { defineConnector } from "../_sdk/define";
import { postMessage } from "./post-message";

export const demoChatConnector = defineConnector({
  id: "demo-chat",
  displayName: "Demo Chat",
  icon: "message-circle",
  // Switchyard's own demo OAuth provider, not one of Nango's.
  provider: "switchyard-demo",
  auth: { kind: "oauth2", scopes: ["chat:read", "chat:write"] },
  // A placeholder: the worker points it at the running demo APIs through
  // SWITCHYARD_CONNECTOR_BASE_URLS (see demoConnectorBaseUrls in worker/demo/demo-apis.ts).
  baseUrl: "http://127.0.0.1:4011/chat",
  actions: [postMessage],
  demo: true,
});
