// Outputs that stay home (`keep: "group"`): a group's workers seal a step's full output
// under a key only they hold, store its summary fields for everyone else, and open it
// again for later steps of the same group. The sealing is the connection secrets'
// AES-256-GCM key ring (connections/crypto.ts), one ring per group.
import { ConfigError } from "../config";
import { decryptSecret, encryptSecret, parseKeyRing, type KeyRing } from "../connections/crypto";
import {
  DEFAULT_WORKER_GROUP,
  keepsOutputInGroup,
  outputSummary,
  workerGroupOf,
} from "../engine/index";
import type { GraphNode } from "../engine/types";
import type { ClaimedAttempt } from "../runs/store/claim-attempt";
import type { AttemptResult } from "../runs/store/record-attempt";

/** A group's key ring by group name; only the groups this worker serves. */
export type GroupKeys = ReadonlyMap<string, KeyRing>;

/** SWITCHYARD_GROUP_KEYS_EU_ONPREM for "eu-onprem": `keyId:base64[,keyId:base64...]`. */
export function groupKeysEnvName(group: string): string {
  return `SWITCHYARD_GROUP_KEYS_${group.toUpperCase().replace(/-/g, "_")}`;
}

/** The key rings set for the worker's named groups (a group that keeps nothing needs none). */
export function loadGroupKeys(
  env: Readonly<Record<string, string | undefined>>,
  groups: readonly string[],
): GroupKeys {
  const keys = new Map<string, KeyRing>();
  for (const group of groups) {
    if (group === DEFAULT_WORKER_GROUP) continue;
    const name = groupKeysEnvName(group);
    const value = env[name]?.trim();
    if (value) keys.set(group, parseKeyRing(value, name));
  }
  return keys;
}

/**
 * A claimed step with the kept outputs it reads opened, or the failure to record when
 * it keeps or reads one without this worker holding the group's key (a setup mistake
 * no retry mends, so it fails at once, before the action runs).
 */
export function openKeptOutputs(
  claimed: ClaimedAttempt,
  keys: GroupKeys,
): { claimed: ClaimedAttempt; refused: AttemptResult | null } {
  const needsKey = keepsOutputInGroup(claimed.node) || Object.keys(claimed.keptOutputs).length > 0;
  if (!needsKey) return { claimed, refused: null };
  const group = workerGroupOf(claimed.node);
  const ring = keys.get(group);
  if (!ring) {
    return {
      claimed,
      refused: refusal(
        `This worker holds no key for the worker group ${group}: set ${groupKeysEnvName(group)} on the group's workers.`,
      ),
    };
  }
  const steps = { ...claimed.data.steps };
  try {
    for (const [id, sealed] of Object.entries(claimed.keptOutputs)) {
      steps[id] = JSON.parse(decryptSecret(ring, sealed)) as unknown;
    }
  } catch {
    return {
      claimed,
      refused: refusal(
        `An earlier step's output kept in the worker group ${group} does not open with this worker's ${groupKeysEnvName(group)}.`,
      ),
    };
  }
  return { claimed: { ...claimed, data: { ...claimed.data, steps } }, refused: null };
}

/** A successful result of a step that keeps its output: its summary, and the sealed whole. */
export function keepInGroup(
  node: GraphNode,
  result: AttemptResult,
  keys: GroupKeys,
): AttemptResult {
  if (!result.ok || !keepsOutputInGroup(node)) return result;
  const ring = keys.get(workerGroupOf(node));
  // openKeptOutputs refused the step before it ran when the key is missing.
  if (!ring) throw new ConfigError(`no key for the worker group ${workerGroupOf(node)}`);
  return {
    ok: true,
    output: outputSummary(node, result.output),
    groupOutput: encryptSecret(ring, JSON.stringify(result.output ?? null)),
  };
}

function refusal(message: string): AttemptResult {
  return {
    ok: false,
    error: {
      errorClass: "internal",
      message,
      retryable: false,
      authBroken: false,
      httpStatus: null,
      retryAfterMs: null,
    },
  };
}
