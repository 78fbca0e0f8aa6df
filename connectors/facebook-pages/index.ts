import { defineConnector } from "../_sdk/define";
import { GRAPH_VERSION } from "./api";
import { publishPost } from "./publish-post";

export const facebookPagesConnector = defineConnector({
  id: "facebook-pages",
  displayName: "Facebook Pages",
  icon: "megaphone",
  provider: "facebook",
  auth: { kind: "oauth2" },
  // https://developers.facebook.com/docs/graph-api/guides/versioning
  baseUrl: `https://graph.facebook.com/${GRAPH_VERSION}`,
  actions: [publishPost],
});
