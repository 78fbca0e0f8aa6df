import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, parseKeyRing } from "../../../worker/connections/crypto";
import {
  groupKeysEnvName,
  keepInGroup,
  loadGroupKeys,
  openKeptOutputs,
} from "../../../worker/groups/kept-outputs";
import type { ClaimedAttempt } from "../../../worker/runs/store/claim-attempt";

const key = (byte: number) => `k1:${Buffer.alloc(32, byte).toString("base64")}`;
const keys = loadGroupKeys({ SWITCHYARD_GROUP_KEYS_EU_ONPREM: key(1) }, ["default", "eu-onprem"]);
const query = {
  id: "query",
  type: "action" as const,
  action: "http.request",
  runsOn: "eu-onprem",
  keep: "group" as const,
  summary: ["body.count"],
};

function claimed(node: ClaimedAttempt["node"], keptOutputs: Record<string, string> = {}) {
  return {
    node,
    keptOutputs,
    data: { trigger: null, steps: { query: { body: { count: 2 } } } },
  } as unknown as ClaimedAttempt;
}

describe("outputs kept in a worker group", () => {
  it("are sealed under the group's key, the summary kept in the clear", () => {
    const whole = { status: 200, body: { count: 2, rows: ["secret"] } };
    const stored = keepInGroup(query, { ok: true, output: whole }, keys);
    expect(stored).toMatchObject({ ok: true, output: { body: { count: 2 } } });
    const sealed = stored.ok ? stored.groupOutput! : "";
    expect(sealed).not.toContain("secret");
    expect(JSON.parse(decryptSecret(keys.get("eu-onprem")!, sealed))).toEqual(whole);
  });

  it("open for a later step of the same group", () => {
    const sealed = encryptSecret(keys.get("eu-onprem")!, JSON.stringify({ body: { rows: [1] } }));
    const next = { id: "enrich", type: "action" as const, runsOn: "eu-onprem" };
    const { claimed: opened, refused } = openKeptOutputs(claimed(next, { query: sealed }), keys);
    expect(refused).toBeNull();
    expect(opened.data.steps.query).toEqual({ body: { rows: [1] } });
  });

  it("refuse the step before it runs when the worker holds no key, or another one", () => {
    const { refused } = openKeptOutputs(claimed(query), new Map());
    expect(refused).toMatchObject({
      ok: false,
      error: {
        retryable: false,
        message:
          "This worker holds no key for the worker group eu-onprem: set SWITCHYARD_GROUP_KEYS_EU_ONPREM on the group's workers.",
      },
    });
    const other = encryptSecret(parseKeyRing(key(2)), "{}");
    const wrong = openKeptOutputs(claimed({ ...query, id: "next" }, { query: other }), keys);
    expect(wrong.refused?.ok).toBe(false);
  });

  it("name their key variable after the group", () => {
    expect(groupKeysEnvName("eu-onprem")).toBe("SWITCHYARD_GROUP_KEYS_EU_ONPREM");
    expect(() => loadGroupKeys({ SWITCHYARD_GROUP_KEYS_LAB: "nope" }, ["lab"])).toThrow(
      /SWITCHYARD_GROUP_KEYS_LAB/,
    );
  });
});
