import { defineConnector } from "../_sdk/define";
import { request } from "./request";

export const httpConnector = defineConnector({
  id: "http",
  displayName: "HTTP",
  icon: "globe",
  provider: null,
  auth: { kind: "none" },
  actions: [request],
});
