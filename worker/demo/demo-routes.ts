// The routes of Demo Chat (/chat/) and Demo Tracker (/tracker/): what each call does to
// the in-memory data (demo-apis.ts checks tokens, scopes, faults and idempotency first).
import { z } from "zod";
import type {
  DemoChannel,
  DemoComment,
  DemoIssue,
  DemoMessage,
  DemoScope,
  DemoState,
} from "./demo-apis";
import { invalid, ok, error, type Reply } from "./demo-replies";

export const CHANNELS: readonly DemoChannel[] = [
  { id: "general", name: "general", topic: "Company-wide announcements and chatter" },
  { id: "alerts", name: "alerts", topic: "Things that need someone's attention" },
  { id: "sales", name: "sales", topic: "Leads, deals and customer news" },
];

export interface RouteContext {
  author: string;
  query: URLSearchParams;
  /** The JSON object sent with a POST; {} for a GET. */
  body: Record<string, unknown>;
  params: readonly string[];
}

export interface Route {
  method: "GET" | "POST";
  pattern: RegExp;
  scope: DemoScope;
  handle(ctx: RouteContext): Reply;
}

const messageInput = z.object({
  channel: z.string(),
  text: z.string().trim().min(1).max(4_000),
});
const issueInput = z.object({
  title: z.string().trim().min(1).max(256),
  body: z.string().max(65_536).nullish(),
  labels: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
});
const commentInput = z.object({ body: z.string().trim().min(1).max(65_536) });
/** The routes over `state`; `nextId` numbers new objects, `baseUrl` is the server's. */
export function demoRoutes(state: DemoState, nextId: () => number, baseUrl: () => string): Route[] {
  function findChannel(name: string): DemoChannel | undefined {
    const id = name.replace(/^#/, "");
    return state.channels.find((c) => c.id === id);
  }

  function findIssue(number: string | undefined): DemoIssue | undefined {
    return state.issues.find((i) => String(i.number) === number);
  }

  return [
    {
      method: "GET",
      pattern: /^\/chat\/channels$/,
      scope: "chat:read",
      handle: () => ok({ channels: state.channels }),
    },
    {
      method: "GET",
      pattern: /^\/chat\/messages$/,
      scope: "chat:read",
      handle({ query }) {
        const name = query.get("channel");
        if (name === null || name === "") return ok({ messages: state.messages });
        const channel = findChannel(name);
        if (!channel) return channelNotFound(name);
        return ok({ messages: state.messages.filter((m) => m.channel === channel.id) });
      },
    },
    {
      method: "POST",
      pattern: /^\/chat\/messages$/,
      scope: "chat:write",
      handle({ body, author }) {
        const input = messageInput.safeParse(body);
        if (!input.success) return invalid(input.error);
        const channel = findChannel(input.data.channel);
        if (!channel) return channelNotFound(input.data.channel);
        const message: DemoMessage = {
          id: `msg_${nextId()}`,
          channel: channel.id,
          text: input.data.text,
          author,
          ts: new Date().toISOString(),
        };
        state.messages.push(message);
        return { status: 201, json: message };
      },
    },
    {
      method: "GET",
      pattern: /^\/tracker\/issues$/,
      scope: "tracker:read",
      handle: () => ok({ issues: state.issues }),
    },
    {
      method: "GET",
      pattern: /^\/tracker\/issues\/(\d+)$/,
      scope: "tracker:read",
      handle({ params }) {
        const issue = findIssue(params[0]);
        if (!issue) return issueNotFound(params[0]);
        const comments = state.comments.filter((c) => c.issueNumber === issue.number);
        return ok({ ...issue, comments });
      },
    },
    {
      method: "POST",
      pattern: /^\/tracker\/issues$/,
      scope: "tracker:write",
      handle({ body, author }) {
        const input = issueInput.safeParse(body);
        if (!input.success) return invalid(input.error);
        const number = state.issues.length + 1;
        const issue: DemoIssue = {
          id: `iss_${nextId()}`,
          number,
          title: input.data.title,
          body: input.data.body ?? null,
          labels: input.data.labels ?? [],
          url: `${baseUrl()}/#issue-${number}`,
          state: "open",
          author,
          createdAt: new Date().toISOString(),
        };
        state.issues.push(issue);
        return { status: 201, json: issue };
      },
    },
    {
      method: "POST",
      pattern: /^\/tracker\/issues\/(\d+)\/comments$/,
      scope: "tracker:write",
      handle({ body, author, params }) {
        const issue = findIssue(params[0]);
        if (!issue) return issueNotFound(params[0]);
        const input = commentInput.safeParse(body);
        if (!input.success) return invalid(input.error);
        const comment: DemoComment = {
          id: `cmt_${nextId()}`,
          issueNumber: issue.number,
          body: input.data.body,
          author,
          createdAt: new Date().toISOString(),
        };
        state.comments.push(comment);
        return { status: 201, json: comment };
      },
    },
  ];
}

export function channelNotFound(name: string): Reply {
  const known = CHANNELS.map((c) => c.id).join(", ");
  return error(404, "channel_not_found", `No channel "${name}"; the channels are ${known}`);
}

export function issueNotFound(number: string | undefined): Reply {
  return error(404, "not_found", `No issue #${number ?? "?"}`);
}
