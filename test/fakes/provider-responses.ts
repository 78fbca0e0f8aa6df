// Provider answers as each API documents them, recorded once and shared by the catalogue
// unit tests (test/unit/connectors/catalog) and the runs integration test
// (test/integration/connectors-in-runs.test.ts). Per connector: the identifiers the
// recordings mention, the request paths relative to the connector's base URL, the success
// answer, and the error answers. Every answer is a ScriptedResponse for FakeApi.script;
// `json` is the body, for assertions.
import type { ScriptedResponse } from "./fake-api";

/** A recorded answer: status (default 200), headers and JSON body. */
export interface Recorded<T = unknown> extends ScriptedResponse {
  json: T;
}

function reply<T>(status: number, json: T, headers?: Record<string, string>): Recorded<T> {
  return { status, json, ...(headers !== undefined && { headers }) };
}

// ---------------------------------------------------------------------------------------
// Slack (base https://slack.com/api). Failures come as HTTP 200 with ok:false.
// https://api.slack.com/web#evaluating_responses

const SLACK_CHANNEL = "C123ABC456";

export const slack = {
  channel: SLACK_CHANNEL,
  postMessagePath: "/chat.postMessage",
  // https://api.slack.com/methods/chat.postMessage#examples
  posted: reply(200, {
    ok: true,
    channel: SLACK_CHANNEL,
    ts: "1503435956.000247",
    message: {
      text: "Deploy done",
      username: "ecto1",
      bot_id: "B123ABC456",
      type: "message",
      subtype: "bot_message",
      ts: "1503435956.000247",
    },
    warning: "superfluous_charset",
    response_metadata: { warnings: ["superfluous_charset"] },
  }),
  /** ok:false with one of Slack's error codes (invalid_auth, channel_not_found, ...). */
  failure: (error: string) => reply(200, { ok: false, error }),
  /** HTTP 429, which Slack sends with Retry-After. */
  rateLimited: reply(429, { ok: false, error: "ratelimited" }, { "retry-after": "30" }),
};

// ---------------------------------------------------------------------------------------
// GitHub (base https://api.github.com).

const GITHUB_OWNER = "octocat";
const GITHUB_REPO = "Hello-World";
const GITHUB_ISSUE = 1347;
const githubUser = { login: "octocat", id: 1, type: "User", site_admin: false };

export const github = {
  owner: GITHUB_OWNER,
  repo: GITHUB_REPO,
  issuesPath: `/repos/${GITHUB_OWNER}/${GITHUB_REPO}/issues`,
  /** Comments of the recorded issue (number 1347). */
  commentsPath: `/repos/${GITHUB_OWNER}/${GITHUB_REPO}/issues/${GITHUB_ISSUE}/comments`,
  // https://docs.github.com/en/rest/issues/issues#create-an-issue (201 example, trimmed)
  issueCreated: reply(201, {
    id: 1,
    node_id: "MDU6SXNzdWUx",
    url: "https://api.github.com/repos/octocat/Hello-World/issues/1347",
    repository_url: "https://api.github.com/repos/octocat/Hello-World",
    html_url: "https://github.com/octocat/Hello-World/issues/1347",
    number: GITHUB_ISSUE,
    state: "open",
    title: "Found a bug",
    body: "I'm having a problem with this.",
    user: githubUser,
    labels: [{ id: 208045946, name: "bug", color: "f29513", default: true }],
    assignees: [githubUser],
    locked: false,
    comments: 0,
    created_at: "2011-04-22T13:33:48Z",
    updated_at: "2011-04-22T13:33:48Z",
    closed_at: null,
    author_association: "OWNER",
  }),
  // https://docs.github.com/en/rest/issues/comments#create-an-issue-comment (201 example)
  commentCreated: reply(201, {
    id: 1,
    node_id: "MDEyOklzc3VlQ29tbWVudDE=",
    url: "https://api.github.com/repos/octocat/Hello-World/issues/comments/1",
    html_url: "https://github.com/octocat/Hello-World/issues/1347#issuecomment-1",
    body: "Me too",
    user: githubUser,
    created_at: "2011-04-14T16:00:49Z",
    updated_at: "2011-04-14T16:00:49Z",
    issue_url: "https://api.github.com/repos/octocat/Hello-World/issues/1347",
    author_association: "COLLABORATOR",
  }),
  // https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api
  badCredentials: reply(401, {
    message: "Bad credentials",
    documentation_url: "https://docs.github.com/rest",
  }),
  // https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
  secondaryRateLimit: reply(429, {
    message:
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
  }),
  primaryRateLimit: reply(
    403,
    { message: "API rate limit exceeded for user ID 1.", status: "403" },
    { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1713000000" },
  ),
  validationFailed: reply(422, {
    message: "Validation Failed",
    errors: [{ value: "nobody", resource: "Issue", field: "assignees", code: "invalid" }],
    documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
    status: "422",
  }),
  notAccessible: reply(403, { message: "Resource not accessible by integration" }),
  notFound: reply(404, { message: "Not Found", documentation_url: "https://docs.github.com" }),
};

// ---------------------------------------------------------------------------------------
// Google APIs (Sheets: base https://sheets.googleapis.com; Gmail: https://gmail.googleapis.com).
// https://cloud.google.com/apis/design/errors#http_mapping

function googleError(status: number, message: string, apiStatus: string, reason?: string) {
  return reply(status, {
    error: {
      code: status,
      message,
      ...(reason !== undefined && { errors: [{ message, domain: "global", reason }] }),
      status: apiStatus,
    },
  });
}

const SPREADSHEET = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";

export const googleSheets = {
  spreadsheetId: SPREADSHEET,
  range: "Sheet1!A:C",
  // The range is one path segment: ":" is escaped, the ":append" suffix is not.
  appendPath: `/v4/spreadsheets/${SPREADSHEET}/values/Sheet1!A%3AC:append`,
  // https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append#response-body
  appended: reply(200, {
    spreadsheetId: SPREADSHEET,
    tableRange: "Sheet1!A1:C5",
    updates: {
      spreadsheetId: SPREADSHEET,
      updatedRange: "Sheet1!A6:C6",
      updatedRows: 1,
      updatedColumns: 3,
      updatedCells: 3,
    },
  }),
  unauthenticated: googleError(
    401,
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
    "UNAUTHENTICATED",
  ),
  quotaExceeded: googleError(
    429,
    "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'sheets.googleapis.com'.",
    "RESOURCE_EXHAUSTED",
  ),
  badRange: googleError(400, "Unable to parse range: Sheet9!A:C", "INVALID_ARGUMENT"),
};

export const gmail = {
  sendPath: "/gmail/v1/users/me/messages/send",
  // https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages#Message
  sent: reply(200, { id: "18f3c2a1b4d5e6f7", threadId: "18f3c2a1b4d5e6f7", labelIds: ["SENT"] }),
  invalidCredentials: googleError(401, "Invalid Credentials", "UNAUTHENTICATED", "authError"),
  tooManyConcurrent: googleError(
    429,
    "Too many concurrent requests for user",
    "RESOURCE_EXHAUSTED",
    "rateLimitExceeded",
  ),
  // https://developers.google.com/workspace/gmail/api/guides/handle-errors#exceeded-rate-limit
  userRateLimit: googleError(
    403,
    "User-rate limit exceeded.  Retry after 2024-05-01T10:00:00.000Z",
    "PERMISSION_DENIED",
    "userRateLimitExceeded",
  ),
  invalidTo: googleError(400, "Invalid To header", "INVALID_ARGUMENT", "invalidArgument"),
};

// ---------------------------------------------------------------------------------------
// X (base https://api.x.com). Errors are problem details.
// https://docs.x.com/x-api/fundamentals/response-codes-and-errors

const X_POST = "1445880548472328192";

export const x = {
  postId: X_POST,
  tweetsPath: "/2/tweets",
  // https://docs.x.com/x-api/posts/create-post (201 example)
  created: reply(201, {
    data: { id: X_POST, text: "Hello world!", edit_history_tweet_ids: [X_POST] },
  }),
  duplicate: reply(403, {
    detail: "You are not allowed to create a Tweet with duplicate content.",
    type: "about:blank",
    title: "Forbidden",
    status: 403,
  }),
  unauthorized: reply(401, {
    title: "Unauthorized",
    type: "about:blank",
    status: 401,
    detail: "Unauthorized",
  }),
  tooManyRequests: reply(
    429,
    { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
    { "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1713000000" },
  ),
  invalidRequest: reply(400, {
    errors: [
      {
        parameters: { "reply.in_reply_to_tweet_id": ["1"] },
        message: "The `reply.in_reply_to_tweet_id` query parameter value [1] is not valid",
      },
    ],
    title: "Invalid Request",
    detail: "One or more parameters to your request was invalid.",
    type: "https://api.twitter.com/2/problems/invalid-request",
  }),
};

// ---------------------------------------------------------------------------------------
// Facebook Graph API (base https://graph.facebook.com/v23.0).

const FB_PAGE = "104525215393830";
const FB_PAGE_TOKEN = "EAAGm0PX4ZCpsBAPageToken";
const FB_POST = `${FB_PAGE}_122101234567890123`;

// https://developers.facebook.com/docs/graph-api/guides/error-handling#receiving-errorcodes
function graphError(
  status: number,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
  headers?: Record<string, string>,
) {
  return reply(
    status,
    { error: { message, type: "OAuthException", code, fbtrace_id: "AWx1y2z3", ...extra } },
    headers,
  );
}

export const facebookPages = {
  pageId: FB_PAGE,
  /** The Page's own token, which posts to its feed. */
  pageToken: FB_PAGE_TOKEN,
  postId: FB_POST,
  /** GET with fields=access_token: the Page's token, fetched with the user's token. */
  pagePath: `/${FB_PAGE}`,
  feedPath: `/${FB_PAGE}/feed`,
  // https://developers.facebook.com/docs/pages-api/getting-started#page-access-tokens
  pageWithToken: reply(200, { access_token: FB_PAGE_TOKEN, id: FB_PAGE }),
  /** The connected account has no role on the Page: no access_token field. */
  pageWithoutToken: reply(200, { id: FB_PAGE }),
  // https://developers.facebook.com/docs/pages-api/posts#publish-posts
  published: reply(200, { id: FB_POST }),
  sessionExpired: graphError(
    400,
    190,
    "Error validating access token: Session has expired on Tuesday, 02-Apr-24 10:00:00 PDT.",
    { error_subcode: 463 },
  ),
  invalidToken: graphError(401, 190, "Invalid OAuth access token."),
  pageRateLimit: graphError(400, 32, "Page request limit reached", {}, { "retry-after": "30" }),
  transient: graphError(500, 2, "An unexpected error has occurred.", { is_transient: true }),
  invalidParameter: graphError(400, 100, "(#100) The parameter link is not a valid URL"),
};

// ---------------------------------------------------------------------------------------
// Notion (base https://api.notion.com).

const NOTION_PAGE = "59833787-2cf9-4fdf-8782-e53db20768a5";

// https://developers.notion.com/reference/status-codes#error-codes
function notionError(status: number, code: string, message: string) {
  return reply(status, {
    object: "error",
    status,
    code,
    message,
    request_id: "f3a9c1d2-0000-4000-8000-000000000000",
  });
}

export const notion = {
  databaseId: "d9824bdc84454327be8b5b47500af6ce",
  pageId: NOTION_PAGE,
  pagesPath: "/v1/pages",
  // https://developers.notion.com/reference/post-page (200 example, trimmed)
  created: reply(200, {
    object: "page",
    id: NOTION_PAGE,
    created_time: "2022-03-01T19:05:00.000Z",
    last_edited_time: "2022-03-01T19:05:00.000Z",
    created_by: { object: "user", id: "ee5f0f84-409a-440f-983a-a5315961c6e4" },
    cover: null,
    icon: null,
    parent: { type: "database_id", database_id: "d9824bdc-8445-4327-be8b-5b47500af6ce" },
    archived: false,
    in_trash: false,
    properties: {
      Name: {
        id: "title",
        type: "title",
        title: [
          {
            type: "text",
            text: { content: "Tuscan kale", link: null },
            plain_text: "Tuscan kale",
          },
        ],
      },
    },
    url: "https://www.notion.so/Tuscan-kale-598337872cf94fdf8782e53db20768a5",
    public_url: null,
  }),
  conflict: notionError(
    409,
    "conflict_error",
    "Transaction could not be completed, potentially due to a data collision.",
  ),
  unauthorized: notionError(401, "unauthorized", "API token is invalid."),
  rateLimited: notionError(
    429,
    "rate_limited",
    "You have been rate limited. Please try again in a few minutes.",
  ),
  validationError: notionError(400, "validation_error", "Name is not a property that exists."),
};

// ---------------------------------------------------------------------------------------
// Airtable (base https://api.airtable.com). https://airtable.com/developers/web/api/errors

const AIRTABLE_BASE = "appLkNDICXNqxSDhG";

export const airtable = {
  baseId: AIRTABLE_BASE,
  table: "Design Projects",
  recordsPath: `/v0/${AIRTABLE_BASE}/Design%20Projects`,
  // https://airtable.com/developers/web/api/create-records (single record response)
  created: reply(200, {
    id: "rec560UJdUtocSouk",
    createdTime: "2022-09-12T21:03:48.000Z",
    fields: { Name: "Coffee packaging", Budget: 1200, Status: "Todo" },
  }),
  notFound: reply(404, { error: "NOT_FOUND" }),
  authenticationRequired: reply(401, {
    error: { type: "AUTHENTICATION_REQUIRED", message: "Authentication required" },
  }),
  rateLimited: reply(429, {
    errors: [
      { error: "RATE_LIMIT_REACHED", message: "Rate limit exceeded. Please try again later" },
    ],
  }),
  unknownField: reply(422, {
    error: { type: "UNKNOWN_FIELD_NAME", message: 'Unknown field name: "Budjet"' },
  }),
};

// ---------------------------------------------------------------------------------------
// Discord (base https://discord.com/api/v10). https://discord.com/developers/docs/reference#error-messages

const WEBHOOK_ID = "1224670000000000000";
const WEBHOOK_TOKEN = "k3Yp-Abc_DEF123token";

export const discord = {
  webhookId: WEBHOOK_ID,
  webhookToken: WEBHOOK_TOKEN,
  /** What a user pastes; only its id and token are used. */
  webhookUrl: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
  webhookPath: `/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
  // https://discord.com/developers/docs/resources/message#message-object (as a webhook posts it)
  posted: reply(200, {
    type: 0,
    content: "Build #42 passed",
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    timestamp: "2024-04-02T10:15:30.123000+00:00",
    edited_timestamp: null,
    flags: 0,
    components: [],
    id: "1224675203874537513",
    channel_id: "1070000000000000000",
    author: { id: WEBHOOK_ID, username: "CI", avatar: null, discriminator: "0000", bot: true },
    pinned: false,
    mention_everyone: false,
    tts: false,
    webhook_id: WEBHOOK_ID,
  }),
  invalidWebhookToken: reply(401, { message: "Invalid Webhook Token", code: 50027 }),
  rateLimited: reply(
    429,
    { message: "You are being rate limited.", retry_after: 1.5, global: false },
    { "retry-after": "2" },
  ),
  invalidFormBody: reply(400, {
    message: "Invalid Form Body",
    code: 50035,
    errors: {
      username: {
        _errors: [
          { code: "USERNAME_INVALID_CONTAINS", message: 'Username cannot contain "discord"' },
        ],
      },
    },
  }),
  unknownWebhook: reply(404, { message: "Unknown Webhook", code: 10015 }),
};

// ---------------------------------------------------------------------------------------
// Switchyard's demo APIs (worker/demo/demo-apis.ts), as they answer; base URLs
// <demo>/chat and <demo>/tracker.

export const demoChat = {
  messagesPath: "/messages",
  posted: reply(201, {
    id: "msg_1",
    channel: "general",
    text: "Deploy done",
    author: "ada",
    ts: "2024-04-02T10:15:30.123Z",
  }),
};

export const demoTracker = {
  issuesPath: "/issues",
  /** Comments of the recorded issue (number 7). */
  commentsPath: "/issues/7/comments",
  issueCreated: reply(201, {
    id: "iss_2",
    number: 7,
    title: "Deploy follow-up",
    body: null,
    labels: ["ops"],
    url: "http://127.0.0.1:4011/#issue-7",
    state: "open",
    author: "ada",
    createdAt: "2024-04-02T10:15:31.000Z",
  }),
  commentCreated: reply(201, {
    id: "cmt_3",
    issueNumber: 7,
    body: "Done",
    author: "ada",
    createdAt: "2024-04-02T10:15:32.000Z",
  }),
};
