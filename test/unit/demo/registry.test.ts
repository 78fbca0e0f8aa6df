// Demo connectors are registered everywhere but offered only when the demo is on.
import { describe, expect, it } from "vitest";
import {
  actionCatalog,
  availableConnectors,
  connectors,
  demoConnectorsEnabled,
  getAction,
  getConnector,
} from "../../../connectors/registry";

const ids = (list: readonly { id: string }[]) => list.map((c) => c.id);
const DEMO_IDS = ["demo-chat", "demo-tracker"];

describe("demo connectors in the registry", () => {
  it("are the connectors flagged demo", () => {
    expect(ids(connectors.filter((c) => c.demo === true))).toEqual(DEMO_IDS);
  });

  it("are offered outside production", () => {
    for (const NODE_ENV of ["development", "test", undefined]) {
      expect(demoConnectorsEnabled({ NODE_ENV })).toBe(true);
      expect(ids(availableConnectors({ NODE_ENV }))).toEqual(ids(connectors));
    }
  });

  it("are hidden in production unless SWITCHYARD_DEMO=true", () => {
    for (const SWITCHYARD_DEMO of [undefined, "false", "1", "TRUE"]) {
      const env = { NODE_ENV: "production", SWITCHYARD_DEMO };
      expect(demoConnectorsEnabled(env)).toBe(false);
      const offered = ids(availableConnectors(env));
      expect(offered).toEqual(ids(connectors).filter((id) => !DEMO_IDS.includes(id)));
      expect(offered).toContain("slack");
    }
    const on = { NODE_ENV: "production", SWITCHYARD_DEMO: "true" };
    expect(ids(availableConnectors(on))).toEqual(ids(connectors));
  });

  it("still resolve by id and action key, so saved demo graphs keep running", () => {
    expect(getConnector("demo-chat")?.displayName).toBe("Demo Chat");
    expect(getAction("demo-tracker.create_issue")?.connector.id).toBe("demo-tracker");
    expect(getAction("demo-tracker.comment_on_issue")).toBeDefined();
    expect(actionCatalog.getAction("demo-chat.post_message")?.provider).toBe("switchyard-demo");
  });
});
