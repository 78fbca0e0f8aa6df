// The pure engine: graph state in, decisions out. No database, queue, clock or
// randomness in here; the worker shell supplies those.
export type * from "./types";
export { graphSchema, parseGraph, NODE_ID_PATTERN, MAX_TIMEOUT_MS } from "./graph-schema";
export type { ParseGraphResult } from "./graph-schema";
export {
  triggerConfigOf,
  DEFAULT_POLL_INTERVAL_SECONDS,
  WEBHOOK_SECRET_ENV_PREFIX,
} from "./trigger-schema";
export { buildTopology, childIds, ancestorsOf, guaranteedSucceededAncestors } from "./topology";
export type { Topology } from "./topology";
export {
  containsTemplate,
  findReferences,
  findTemplateErrors,
  renderText,
  resolveTemplates,
} from "./templates";
export type { TemplateRef, TemplateData } from "./templates";
export { evaluateCondition } from "./conditions";
export { validateGraph } from "./validate";
export type { ActionCatalog, ValidateOptions, ValidationResult } from "./validate";
export { decideReady, applyDecisions } from "./decide";
export type { Decision } from "./decide";
export {
  isTerminal,
  runOutcome,
  outcomeFromCounts,
  failedOrBlockedByFailure,
  hasFailure,
} from "./outcome";
export {
  allSteps,
  bodyStepIds,
  bodyTopology,
  findStep,
  forEachOutcome,
  itemOutcome,
  satisfiesDependentEdge,
  stepLocations,
} from "./for-each";
export type { ItemOutcome, StepLocation } from "./for-each";
export type { SettledCounts } from "./outcome";
export { neighbourhoodOf } from "./neighbourhood";
export type { Neighbourhood } from "./neighbourhood";
export { planReplay, applyReplay } from "./replay";
export { planVersionReplay } from "./version-replay";
export type {
  BodyRerunReason,
  ForEachReplay,
  RerunReason,
  VersionReplayPlan,
} from "./version-replay";
export type { ReplayOptions } from "./replay";
export { planCancel } from "./cancel";
export { DEFAULT_RETRY_POLICY, resolveRetryPolicy, decideRetry } from "./retry";
export type { AttemptError, RetryDecision } from "./retry";
export { summarizeBranches } from "./branches";
export type { BranchIncident, BranchStatus, BranchSummary } from "./branches";
export {
  DEFAULT_WORKER_GROUP,
  WORKER_GROUP_PATTERN,
  keepsOutputInGroup,
  outputSummary,
  workerGroupOf,
} from "./worker-groups";
