import { defineConnector } from "../_sdk/define";
import { post } from "./post";

export const xConnector = defineConnector({
  id: "x",
  displayName: "X (Twitter)",
  icon: "at-sign",
  provider: "twitter-v2",
  auth: { kind: "oauth2" },
  // https://docs.x.com/x-api/introduction (Nango's catalogue still says api.twitter.com: same API)
  baseUrl: "https://api.x.com",
  actions: [post],
});
