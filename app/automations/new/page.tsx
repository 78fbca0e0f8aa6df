import { currentActor } from "../../_lib/actor";
import { db } from "../../_lib/db";
import { stepCatalog } from "../../_server/ui/step-catalog";
import { Builder } from "../_builder/builder";

export const dynamic = "force-dynamic";

export default async function NewAutomationPage() {
  const catalog = await stepCatalog(db(), await currentActor());
  return (
    <>
      <h1>New automation</h1>
      <Builder
        catalog={catalog}
        initial={{
          automationId: null,
          name: "",
          graph: { nodes: [{ id: "trigger", type: "trigger", name: "Trigger" }], edges: [] },
          versionNumber: null,
        }}
      />
    </>
  );
}
