import { defineConnector } from "../_sdk/define";
import { newIssue } from "./triggers/new-issue";
import { commentOnIssue } from "./comment-on-issue";
import { createIssue } from "./create-issue";

export const githubConnector = defineConnector({
  id: "github",
  displayName: "GitHub",
  icon: "git-branch",
  provider: "github",
  auth: { kind: "oauth2" },
  // https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api
  baseUrl: "https://api.github.com",
  triggers: [newIssue],
  actions: [createIssue, commentOnIssue],
});
