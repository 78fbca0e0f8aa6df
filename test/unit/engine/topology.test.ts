import { describe, expect, it } from "vitest";
import {
  ancestorsOf,
  buildTopology,
  guaranteedSucceededAncestors,
} from "../../../worker/engine/topology";
import { graph } from "./helpers";

// t -> a -> c -> e ; t -> b ~> c ; b -> d ; d ~> e
const g = graph({ t: "trigger", e: "action", a: "action", b: "action", c: "action", d: "action" }, [
  "t -> a",
  "t -> b",
  "a -> c",
  "b ~> c",
  "b -> d",
  "c -> e",
  "d ~> e",
]);
const topo = buildTopology(g);

describe("buildTopology", () => {
  it("indexes parents and children and finds the trigger", () => {
    expect(topo.triggerId).toBe("t");
    expect(topo.parents.get("c")!.map((e) => `${e.from}:${e.kind}`)).toEqual([
      "a:dependent",
      "b:independent",
    ]);
    expect(topo.children.get("b")!.map((e) => e.to)).toEqual(["c", "d"]);
    expect(topo.parents.get("t")).toEqual([]);
  });

  it("orders nodes topologically, ties in declaration order", () => {
    expect(topo.order).toEqual(["t", "a", "b", "c", "d", "e"]);
    const position = new Map(topo.order.map((id, i) => [id, i]));
    for (const edge of g.edges)
      expect(position.get(edge.from)!).toBeLessThan(position.get(edge.to)!);
  });
});

describe("ancestry", () => {
  it.each([
    { id: "t", ancestors: [], guaranteed: [] },
    { id: "a", ancestors: ["t"], guaranteed: ["t"] },
    { id: "c", ancestors: ["a", "b", "t"], guaranteed: ["a", "t"] },
    { id: "d", ancestors: ["b", "t"], guaranteed: ["b", "t"] },
    { id: "e", ancestors: ["a", "b", "c", "d", "t"], guaranteed: ["a", "c", "t"] },
  ])(
    "R6: $id has ancestors $ancestors, of which $guaranteed surely succeeded",
    ({ id, ancestors, guaranteed }) => {
      expect([...ancestorsOf(topo, id)].sort()).toEqual(ancestors);
      expect([...guaranteedSucceededAncestors(topo, id)].sort()).toEqual(guaranteed);
    },
  );

  it("memoizes per topology: repeated questions return the same set", () => {
    expect(ancestorsOf(topo, "e")).toBe(ancestorsOf(topo, "e"));
    expect(guaranteedSucceededAncestors(topo, "e")).toBe(guaranteedSucceededAncestors(topo, "e"));
  });

  it("the trigger is guaranteed even when reached only through independent edges", () => {
    const loose = buildTopology(graph({ t: "trigger", a: "action" }, ["t ~> a"]));
    expect([...guaranteedSucceededAncestors(loose, "a")]).toEqual(["t"]);
  });
});
