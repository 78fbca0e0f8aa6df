import type { z } from "zod";
import type { apiRoutes } from "../../../app/api/v1/_schemas/route-table";

type Routes = typeof apiRoutes;

/** What an operation answers, as the REST API sends it: ids, enum spellings, ISO dates. */
export type Answer<K extends keyof Routes> = z.input<Routes[K]["response"]>;
export type Query<K extends keyof Routes> = z.input<Routes[K]["query"]>;

export type RunAnswer = Answer<"getRun">;

/**
 * Everything the CLI asks of Switchyard, in the REST API's terms: the local database
 * (local-client) and a running instance (http-client) answer alike, so the commands,
 * their text and their --json output have one code path.
 */
export interface SwitchyardClient {
  listAutomations(): Promise<Answer<"listAutomations">>;
  getAutomation(automationId: string): Promise<Answer<"getAutomation">>;
  createAutomation(name: string, graph: unknown): Promise<Answer<"createAutomation">>;
  saveVersion(automationId: string, graph: unknown): Promise<Answer<"createVersion">>;
  startRun(automationId: string, payload: unknown): Promise<Answer<"startRun">>;
  listRuns(query: Query<"listRuns">): Promise<Answer<"listRuns">>;
  getRun(runId: string): Promise<RunAnswer>;
  retryRun(runId: string, query: Query<"retryRun">): Promise<Answer<"retryRun">>;
  cancelRun(runId: string): Promise<Answer<"cancelRun">>;
  listApprovals(): Promise<Answer<"listApprovals">>;
  decideApproval(
    requestId: string,
    body: { decision: "approve" | "reject"; comment?: string },
  ): Promise<Answer<"decideApproval">>;
  /** Before following a run: the local database has no worker unless one runs; start one. */
  ensureWorker(progress: (line: string) => void): Promise<void>;
  close(): Promise<void>;
}
