import type { Page } from "playwright-core";

export interface StepPlace {
  id: string;
  after: string;
  kind: "dependent" | "independent";
  name: string;
}

/** Adds a step of the given kind below `after` in the builder and names it. */
export async function addNode(
  page: Page,
  spec: StepPlace,
  button: "Add action step" | "Add approval" | "Add condition" | "Add for-each",
) {
  await page.getByLabel("After", { exact: true }).selectOption({ label: spec.after });
  await page.getByLabel("Joined by", { exact: true }).selectOption(spec.kind);
  // Exact: a for-each's body has "Add action step for each item" too.
  await page.getByRole("button", { name: button, exact: true }).click();
  const step = page.locator(`li[data-step="${spec.id}"]`);
  await step.locator(`#${spec.id}-name`).fill(spec.name);
  return step;
}

/** Adds an action step below `after` and fills its generated form. */
export async function addStep(
  page: Page,
  spec: StepPlace,
  connector: string,
  action: string,
  fields: Record<string, string>,
) {
  const step = await addNode(page, spec, "Add action step");
  await step.getByLabel("Connector").selectOption(connector);
  await step.getByLabel("Action", { exact: true }).selectOption(action);
  const connection = step.getByLabel("Connection");
  if (await connection.count()) await connection.selectOption({ index: 1 });
  for (const [label, value] of Object.entries(fields)) {
    await step.getByLabel(label, { exact: false }).first().fill(value);
  }
  return step;
}
