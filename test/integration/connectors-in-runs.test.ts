// Every registered connector action inside one real graph run: real Postgres, a real
// worker process, connections seeded the way the built-in backend stores them (encrypted),
// and one fake API standing in for every provider under a per-connector prefix
// (SWITCHYARD_CONNECTOR_BASE_URLS), answering with the recorded provider responses the
// catalogue unit tests use.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectors } from "../../connectors/registry";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { parseKeyRing } from "../../worker/connections/crypto";
import type { Graph, GraphNode } from "../../worker/engine/types";
import { cancelRun } from "../../worker/runs/cancel-run";
import { startFakeApi, type FakeApi, type RecordedRequest } from "../fakes/fake-api";
import * as recorded from "../fakes/provider-responses";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startGraphRun, waitForNodeState, waitForRunEnd } from "../support/runs";
import { seedApiKeyConnection, seedOAuthConnection } from "../support/seed-connections";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

const ENCRYPTION_KEYS = `test:${randomBytes(32).toString("base64")}`;
const ring = parseKeyRing(ENCRYPTION_KEYS);
const secret = (name: string) => `${name}-${randomBytes(8).toString("hex")}`;

const OAUTH_CONNECTORS = connectors.filter((c) => c.auth.kind === "oauth2").map((c) => c.id);
// Each OAuth connection's access token, and the Airtable personal access token.
const tokens = Object.fromEntries(OAUTH_CONNECTORS.map((id) => [id, secret(`${id}-token`)]));
const AIRTABLE_PAT = `pat${randomBytes(7).toString("hex")}.${randomBytes(16).toString("hex")}`;

let db: TestDatabase;
let api: FakeApi;
let worker: WorkerProcess;
let owner: { userId: string; workspaceId: string };
/** Connector id → the seeded connection's id. */
const connectionIds: Record<string, string> = {};

/** Where the fake API serves `path` of `connectorId`'s API. */
const at = (connectorId: string, path: string) => `/${connectorId}${path}`;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  const baseUrls = Object.fromEntries(
    connectors.filter((c) => c.baseUrl !== undefined).map((c) => [c.id, `${api.url}/${c.id}`]),
  );
  worker = await spawnWorker(db.url, {
    SWITCHYARD_CONNECTOR_BASE_URLS: JSON.stringify(baseUrls),
    SWITCHYARD_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
    SWITCHYARD_ALLOW_PRIVATE_NETWORK: "true",
    // The OAuth app builtin GitHub connections are made with. Never contacted: the 401
    // test's connection has no refresh token. (Without it, a 401 fails the step as
    // "internal" instead of breaking the connection: refreshConnection reads the client
    // config before it looks for a refresh token.)
    SWITCHYARD_OAUTH_GITHUB_CLIENT_ID: "switchyard-test",
    SWITCHYARD_OAUTH_GITHUB_CLIENT_SECRET: "not-used",
  });
  owner = await ensureLocalOwner(db.prisma);
  const inWorkspace = { workspaceId: owner.workspaceId, ownerId: owner.userId };
  for (const connectorId of OAUTH_CONNECTORS) {
    connectionIds[connectorId] = await seedOAuthConnection(db.prisma, ring, {
      ...inWorkspace,
      connectorId,
      accessToken: tokens[connectorId]!,
      refreshToken: secret(`${connectorId}-refresh`),
      expiresAt: new Date(Date.now() + 60 * 60_000),
    });
  }
  connectionIds.airtable = await seedApiKeyConnection(db.prisma, ring, {
    ...inWorkspace,
    connectorId: "airtable",
    apiKey: AIRTABLE_PAT,
  });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await db?.drop();
});

const trigger = () => ({
  version: "v2.4.1",
  build: 42,
  summary: "Deploy v2.4.1 finished",
  author: { name: "Ada", email: "ada@example.com" },
  hookUrl: `${api.url}/http/hooks/deploy`,
});

function scriptProviders(): void {
  const { slack, github, googleSheets, gmail, x, facebookPages, notion, airtable, discord } =
    recorded;
  api.script(at("slack", slack.postMessagePath), [slack.posted]);
  api.script(at("github", github.issuesPath), [github.issueCreated]);
  api.script(at("github", github.commentsPath), [github.commentCreated]);
  api.script(at("google-sheets", googleSheets.appendPath), [googleSheets.appended]);
  api.script(at("gmail", gmail.sendPath), [gmail.sent]);
  api.script(at("x", x.tweetsPath), [x.created]);
  api.script(at("facebook-pages", facebookPages.pagePath), [facebookPages.pageWithToken]);
  api.script(at("facebook-pages", facebookPages.feedPath), [facebookPages.published]);
  api.script(at("notion", notion.pagesPath), [notion.created]);
  api.script(at("airtable", airtable.recordsPath), [airtable.created]);
  api.script(at("discord", discord.webhookPath), [discord.posted]);
  api.script(at("demo-chat", recorded.demoChat.messagesPath), [recorded.demoChat.posted]);
  const { demoTracker } = recorded;
  api.script(at("demo-tracker", demoTracker.issuesPath), [demoTracker.issueCreated]);
  api.script(at("demo-tracker", demoTracker.commentsPath), [demoTracker.commentCreated]);
  api.script("/http/hooks/deploy", [{ status: 202, json: { accepted: true } }]);
}

/** One node per action, fanning out from the trigger; comments depend on their issues. */
function connectorsGraph(connectionFor: (connectorId: string) => string): Graph {
  const node = (id: string, action: string, input: Record<string, unknown>): GraphNode => {
    const connectorId = action.slice(0, action.indexOf("."));
    const needsConnection = connectors.find((c) => c.id === connectorId)?.auth.kind !== "none";
    return {
      id,
      type: "action",
      action,
      input,
      ...(needsConnection && { connection: connectionFor(connectorId) }),
    };
  };
  const { github, googleSheets, facebookPages, notion, airtable, discord } = recorded;
  const repo = { owner: github.owner, repo: github.repo };
  const nodes: GraphNode[] = [
    node("slack", "slack.post_message", {
      channel: recorded.slack.channel,
      text: "Deploy {{ trigger.version }} done",
    }),
    node("github_issue", "github.create_issue", {
      ...repo,
      title: "{{ trigger.summary }}",
      body: "Reported by {{ trigger.author.name }}",
      labels: ["deploy"],
    }),
    node("github_comment", "github.comment_on_issue", {
      ...repo,
      issueNumber: "{{ steps.github_issue.number }}",
      body: "Follow-up on {{ steps.github_issue.url }}",
    }),
    node("sheet_row", "google-sheets.append_row", {
      spreadsheetId: googleSheets.spreadsheetId,
      range: googleSheets.range,
      values: ["{{ trigger.version }}", "{{ trigger.build }}", true],
    }),
    node("email", "gmail.send_email", {
      to: ["{{ trigger.author.email }}"],
      subject: "Deploy {{ trigger.version }}",
      body: "{{ trigger.summary }}",
    }),
    node("tweet", "x.post", { text: "Shipped {{ trigger.version }} 🚀" }),
    node("fb_post", "facebook-pages.publish_post", {
      pageId: facebookPages.pageId,
      message: "{{ trigger.summary }}",
      link: "https://example.com/releases/{{ trigger.version }}",
    }),
    node("notion_page", "notion.create_page", {
      parentType: "database",
      parentId: notion.databaseId,
      title: "Release {{ trigger.version }}",
      properties: { Build: { number: "{{ trigger.build }}" } },
      content: "{{ trigger.summary }}",
    }),
    node("airtable_record", "airtable.create_record", {
      baseId: airtable.baseId,
      table: airtable.table,
      fields: { Name: "{{ trigger.version }}", Build: "{{ trigger.build }}" },
      typecast: true,
    }),
    node("discord_message", "discord.send_webhook_message", {
      webhookUrl: discord.webhookUrl,
      content: "Build #{{ trigger.build }} passed",
      username: "CI",
    }),
    node("webhook", "http.request", {
      method: "POST",
      url: "{{ trigger.hookUrl }}",
      headers: { "x-source": "switchyard" },
      body: { version: "{{ trigger.version }}", build: "{{ trigger.build }}" },
    }),
    node("demo_chat", "demo-chat.post_message", {
      channel: "general",
      text: "Deploy {{ trigger.version }} done",
    }),
    node("demo_issue", "demo-tracker.create_issue", {
      title: "Deploy {{ trigger.version }} follow-up",
      labels: ["ops"],
    }),
    node("demo_comment", "demo-tracker.comment_on_issue", {
      issueNumber: "{{ steps.demo_issue.number }}",
      body: "Done",
    }),
    node("summary", "util.pass_data", {
      data: { version: "{{ trigger.version }}", build: "{{ trigger.build }}" },
    }),
  ];
  const dependsOn: Record<string, string> = {
    github_comment: "github_issue",
    demo_comment: "demo_issue",
  };
  return {
    nodes: [{ id: "trigger", type: "trigger" }, ...nodes],
    edges: nodes.map((n) => ({ from: dependsOn[n.id] ?? "trigger", to: n.id, kind: "dependent" })),
  };
}

function onlyRequestTo(path: string): RecordedRequest {
  const requests = api.requestsTo(path);
  expect(requests, path).toHaveLength(1);
  return requests[0]!;
}

const bearer = (connectorId: string) => `Bearer ${tokens[connectorId]}`;

/** The RFC 2822 message inside a Gmail send request's base64url `raw`. */
function gmailMessage(request: RecordedRequest): { headers: string[]; body: string } {
  const { raw } = request.json as { raw: string };
  const [head = "", encodedBody = ""] = Buffer.from(raw, "base64url")
    .toString("utf8")
    .split("\r\n\r\n");
  return {
    headers: head.split("\r\n"),
    body: Buffer.from(encodedBody.replaceAll("\r\n", ""), "base64").toString("utf8"),
  };
}

describe("connectors inside graph runs", () => {
  it("runs every registered action in one graph against its fake provider", async () => {
    api.reset();
    scriptProviders();
    const graph = connectorsGraph((id) => connectionIds[id]!);
    // Nothing registered is left out: a new connector must be added here.
    const allActions = connectors.flatMap((c) => c.actions.map((a) => `${c.id}.${a.key}`));
    expect(graph.nodes.flatMap((n) => n.action ?? []).sort()).toEqual(allActions.sort());

    const runId = await startGraphRun(db.prisma, graph, trigger());
    const run = await waitForRunEnd(db.prisma, runId);
    const failures = run.attempts
      .filter((a) => a.outcome !== "succeeded")
      .map((a) => `${a.nodeId}: ${a.errorClass} ${a.message}`);
    expect(failures).toEqual([]);
    expect(run.status).toBe("succeeded");
    for (const node of graph.nodes.filter((n) => n.type === "action")) {
      expect(run.node(node.id).state, node.id).toBe("succeeded");
      expect(run.attemptsOf(node.id), node.id).toHaveLength(1);
    }

    // Outputs: each provider's recorded answer, mapped by its action.
    const { slack, github, googleSheets, gmail, x, facebookPages, notion, airtable, discord } =
      recorded;
    const { demoChat, demoTracker } = recorded;
    const outputs = Object.fromEntries(run.nodeRuns.map((n) => [n.nodeId, n.output]));
    expect(outputs).toEqual({
      trigger: trigger(),
      slack: { channel: slack.channel, ts: slack.posted.json.ts },
      github_issue: {
        id: github.issueCreated.json.id,
        number: 1347,
        url: github.issueCreated.json.html_url,
        state: "open",
      },
      github_comment: {
        id: github.commentCreated.json.id,
        url: github.commentCreated.json.html_url,
        createdAt: github.commentCreated.json.created_at,
      },
      sheet_row: {
        spreadsheetId: googleSheets.spreadsheetId,
        updatedRange: "Sheet1!A6:C6",
        updatedRows: 1,
        updatedCells: 3,
        tableRange: "Sheet1!A1:C5",
      },
      email: gmail.sent.json,
      tweet: {
        id: x.postId,
        text: x.created.json.data.text,
        url: `https://x.com/i/web/status/${x.postId}`,
      },
      fb_post: {
        id: facebookPages.postId,
        url: `https://www.facebook.com/${facebookPages.postId}`,
      },
      notion_page: {
        id: notion.pageId,
        url: notion.created.json.url,
        createdTime: notion.created.json.created_time,
      },
      airtable_record: airtable.created.json,
      discord_message: {
        id: discord.posted.json.id,
        channelId: discord.posted.json.channel_id,
        timestamp: discord.posted.json.timestamp,
      },
      webhook: {
        status: 202,
        headers: expect.objectContaining({ "content-type": "application/json" }),
        body: { accepted: true },
      },
      summary: { data: { version: trigger().version, build: trigger().build } },
      demo_chat: {
        id: demoChat.posted.json.id,
        channel: "general",
        author: "ada",
        ts: demoChat.posted.json.ts,
      },
      demo_issue: {
        id: demoTracker.issueCreated.json.id,
        number: 7,
        url: demoTracker.issueCreated.json.url,
        state: "open",
      },
      demo_comment: {
        id: demoTracker.commentCreated.json.id,
        issueNumber: 7,
        createdAt: demoTracker.commentCreated.json.createdAt,
      },
    });

    // Requests: one per call (Facebook makes two), nothing else, nothing unanswered.
    expect(api.requests).toHaveLength(15);
    const unanswered = api.requests.filter((r) => r.status === null || r.status >= 300);
    expect(unanswered.map((r) => `${r.method} ${r.path} -> ${r.status}`)).toEqual([]);

    const slackCall = onlyRequestTo(at("slack", slack.postMessagePath));
    expect(slackCall.method).toBe("POST");
    expect(slackCall.headers.authorization).toBe(bearer("slack"));
    expect(slackCall.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(slackCall.json).toEqual({
      channel: slack.channel,
      text: "Deploy v2.4.1 done",
      unfurl_links: true,
    });

    const issueCall = onlyRequestTo(at("github", github.issuesPath));
    expect(issueCall.method).toBe("POST");
    expect(issueCall.headers).toMatchObject({
      authorization: bearer("github"),
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
    });
    expect(issueCall.json).toEqual({
      title: "Deploy v2.4.1 finished",
      body: "Reported by Ada",
      labels: ["deploy"],
    });
    // The issue number in the path came from the create_issue step's output.
    const commentCall = onlyRequestTo(at("github", github.commentsPath));
    expect(commentCall.method).toBe("POST");
    expect(commentCall.headers.authorization).toBe(bearer("github"));
    expect(commentCall.json).toEqual({
      body: "Follow-up on https://github.com/octocat/Hello-World/issues/1347",
    });
    expect(commentCall.startedAt).toBeGreaterThanOrEqual(issueCall.endedAt!);

    const sheetCall = onlyRequestTo(at("google-sheets", googleSheets.appendPath));
    expect(sheetCall).toMatchObject({
      method: "POST",
      query: { valueInputOption: "USER_ENTERED" },
    });
    expect(sheetCall.headers.authorization).toBe(bearer("google-sheets"));
    // A whole-string template keeps the value's type: the build number stays a number.
    expect(sheetCall.json).toEqual({ majorDimension: "ROWS", values: [["v2.4.1", 42, true]] });

    const emailCall = onlyRequestTo(at("gmail", gmail.sendPath));
    expect(emailCall.method).toBe("POST");
    expect(emailCall.headers.authorization).toBe(bearer("gmail"));
    expect(Object.keys(emailCall.json as object)).toEqual(["raw"]);
    const mail = gmailMessage(emailCall);
    expect(mail.headers).toEqual(
      expect.arrayContaining(["To: ada@example.com", "Subject: Deploy v2.4.1"]),
    );
    expect(mail.body).toBe("Deploy v2.4.1 finished");

    const tweetCall = onlyRequestTo(at("x", x.tweetsPath));
    expect(tweetCall.method).toBe("POST");
    expect(tweetCall.headers.authorization).toBe(bearer("x"));
    expect(tweetCall.json).toEqual({ text: "Shipped v2.4.1 🚀" });

    // Facebook: the Page's token with the user's token, then the post with the Page's.
    const pageCall = onlyRequestTo(at("facebook-pages", facebookPages.pagePath));
    expect(pageCall).toMatchObject({ method: "GET", query: { fields: "access_token" } });
    expect(pageCall.headers.authorization).toBe(bearer("facebook-pages"));
    const feedCall = onlyRequestTo(at("facebook-pages", facebookPages.feedPath));
    expect(feedCall.method).toBe("POST");
    expect(feedCall.headers.authorization).toBe(`Bearer ${facebookPages.pageToken}`);
    expect(feedCall.json).toEqual({
      message: "Deploy v2.4.1 finished",
      link: "https://example.com/releases/v2.4.1",
    });

    const notionCall = onlyRequestTo(at("notion", notion.pagesPath));
    expect(notionCall.method).toBe("POST");
    expect(notionCall.headers).toMatchObject({
      authorization: bearer("notion"),
      "notion-version": "2022-06-28",
    });
    expect(notionCall.json).toEqual({
      parent: { database_id: notion.databaseId },
      properties: {
        Build: { number: 42 },
        Name: { title: [{ type: "text", text: { content: "Release v2.4.1" } }] },
      },
      children: [
        {
          object: "block",
          type: "paragraph",
          paragraph: { rich_text: [{ type: "text", text: { content: "Deploy v2.4.1 finished" } }] },
        },
      ],
    });

    const airtableCall = onlyRequestTo(at("airtable", airtable.recordsPath));
    expect(airtableCall.method).toBe("POST");
    expect(airtableCall.headers.authorization).toBe(`Bearer ${AIRTABLE_PAT}`);
    expect(airtableCall.json).toEqual({ fields: { Name: "v2.4.1", Build: 42 }, typecast: true });

    // Discord: the webhook URL's id and token, on the configured base URL; no credentials.
    const discordCall = onlyRequestTo(at("discord", discord.webhookPath));
    expect(discordCall).toMatchObject({ method: "POST", query: { wait: "true" } });
    expect(discordCall.headers.authorization).toBeUndefined();
    expect(discordCall.json).toEqual({
      content: "Build #42 passed",
      username: "CI",
      allowed_mentions: { parse: [] },
    });

    const hookCall = onlyRequestTo("/http/hooks/deploy");
    expect(hookCall.method).toBe("POST");
    expect(hookCall.headers.authorization).toBeUndefined();
    expect(hookCall.headers["x-source"]).toBe("switchyard");
    expect(hookCall.json).toEqual({ version: "v2.4.1", build: 42 });

    const chatCall = onlyRequestTo(at("demo-chat", demoChat.messagesPath));
    expect(chatCall.headers.authorization).toBe(bearer("demo-chat"));
    expect(chatCall.json).toEqual({ channel: "general", text: "Deploy v2.4.1 done" });
    const demoIssueCall = onlyRequestTo(at("demo-tracker", demoTracker.issuesPath));
    expect(demoIssueCall.headers.authorization).toBe(bearer("demo-tracker"));
    expect(demoIssueCall.json).toEqual({ title: "Deploy v2.4.1 follow-up", labels: ["ops"] });
    const demoCommentCall = onlyRequestTo(at("demo-tracker", demoTracker.commentsPath));
    expect(demoCommentCall.headers.authorization).toBe(bearer("demo-tracker"));
    expect(demoCommentCall.json).toEqual({ body: "Done" });

    // Idempotency keys go only to APIs that honour them (the demo APIs) and to http.request.
    const keyOf = (r: RecordedRequest) => r.headers["idempotency-key"];
    expect(keyOf(hookCall)).toBe(`${runId}:webhook:1`);
    expect(keyOf(chatCall)).toBe(`${runId}:demo_chat:1`);
    expect(keyOf(demoIssueCall)).toBe(`${runId}:demo_issue:1`);
    expect(keyOf(demoCommentCall)).toBe(`${runId}:demo_comment:1`);
    const catalogue = api.requests.filter(
      (r) => !r.path.startsWith("/demo-") && !r.path.startsWith("/http/"),
    );
    expect(catalogue.map(keyOf)).toEqual(Array(catalogue.length).fill(undefined));

    // Every seeded connection was used, and stays connected.
    const rows = await db.prisma.connection.findMany({ where: { workspaceId: owner.workspaceId } });
    expect(rows).toHaveLength(OAUTH_CONNECTORS.length + 1);
    for (const row of rows) {
      expect(row.status, row.connectorId).toBe("connected");
      expect(row.lastUsedAt, row.connectorId).not.toBeNull();
    }
  });

  it("R8: a 401 on a connection without a refresh token makes that step wait while its siblings succeed", async () => {
    api.reset();
    scriptProviders();
    api.script(at("github", recorded.github.issuesPath), [recorded.github.badCredentials]);
    const staleToken = secret("github-stale");
    const brokenId = await seedOAuthConnection(db.prisma, ring, {
      workspaceId: owner.workspaceId,
      ownerId: owner.userId,
      connectorId: "github",
      accessToken: staleToken,
      label: "GitHub (no refresh token)",
    });
    const graph = connectorsGraph((id) => (id === "github" ? brokenId : connectionIds[id]!));
    const runId = await startGraphRun(db.prisma, graph, trigger());

    const waiting = await waitForNodeState(db.prisma, runId, "github_issue", [
      "waiting_connection",
    ]);
    expect(waiting.waitingConnectionId).toBe(brokenId);
    const siblings = graph.edges
      .filter((e) => e.from === "trigger" && e.to !== "github_issue")
      .map((e) => e.to);
    for (const id of [...siblings, "demo_comment"]) {
      await waitForNodeState(db.prisma, runId, id, ["succeeded"]);
    }

    const run = await db.prisma.run.findUniqueOrThrow({
      where: { id: runId },
      include: { nodeRuns: true, attempts: true },
    });
    expect(run.status).toBe("running");
    const state = (id: string) => run.nodeRuns.find((n) => n.nodeId === id)?.state;
    expect(state("github_issue")).toBe("waiting_connection");
    // Its dependent waits with it, neither run nor skipped.
    expect(state("github_comment")).toBe("pending");

    // One call, with the seeded token; the 401 is kept as the attempt's history.
    const calls = api.requestsTo(at("github", recorded.github.issuesPath));
    expect(calls.map((c) => c.headers.authorization)).toEqual([`Bearer ${staleToken}`]);
    expect(api.requestsTo(at("github", recorded.github.commentsPath))).toHaveLength(0);
    const attempts = run.attempts.filter((a) => a.nodeId === "github_issue");
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ outcome: "failed", errorClass: "auth", retryable: false });
    expect(attempts[0]!.message).toContain("GitHub (HTTP 401): Bad credentials");

    // The connection is broken (and its owner told); the other GitHub connection is not.
    const broken = await db.prisma.connection.findUniqueOrThrow({ where: { id: brokenId } });
    expect(broken.status).toBe("broken");
    expect(broken.lastError).toContain("Bad credentials");
    expect(broken.lastError).toContain("GitHub gave no refresh token");
    const notifications = await db.prisma.notification.findMany({
      where: { connectionId: brokenId },
    });
    expect(notifications.map((n) => [n.kind, n.userId])).toEqual([
      ["connection_broken", owner.userId],
    ]);
    const healthy = await db.prisma.connection.findUniqueOrThrow({
      where: { id: connectionIds.github! },
    });
    expect(healthy.status).toBe("connected");

    const cancelled = await cancelRun(db.prisma, runId);
    expect(cancelled.cancelledNodes.sort()).toEqual(["github_comment", "github_issue"]);
    const ended = await waitForRunEnd(db.prisma, runId);
    expect(ended.status).toBe("cancelled");
    expect(ended.node("github_issue").state).toBe("cancelled");
    expect(ended.node("github_comment").state).toBe("cancelled");
    for (const id of siblings) expect(ended.node(id).state, id).toBe("succeeded");
  });
});
