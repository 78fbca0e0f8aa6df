import type { Locator, Page } from "playwright-core";

/** The builder's canvas, its side panel, and one box on it by the name it shows. */
export const canvas = (page: Page) => page.locator("[data-canvas]");
export const sidePanel = (page: Page) => page.locator("[data-side-panel]");
export const box = (page: Page, name: string) =>
  canvas(page).locator("[data-graph-node]", { hasText: name });

/** Selects a box by clicking it: its form opens in the side panel. */
export async function select(page: Page, name: string) {
  await box(page, name).click();
  await sidePanel(page).locator(`li[data-step]`).waitFor();
}

/** Adds a step from the palette (below what is selected) and names it in the side panel. */
export async function addFromPalette(page: Page, search: string, entry: string, name: string) {
  const panel = sidePanel(page);
  await panel.getByLabel("Add a step: search apps and actions").fill(search);
  await panel.getByRole("button", { name: entry }).click();
  const name_ = panel.locator('li[data-step] input[id$="-name"]').first();
  await name_.fill(name);
  await box(page, name).waitFor();
  return panel.locator("li[data-step]");
}

/** Fills fields of the form in the side panel by their labels. */
export async function fill(form: Locator, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields)) {
    await form.getByLabel(label, { exact: false }).first().fill(value);
  }
}

/** Drags from one box's lower handle to another box's upper handle, as a person joins them. */
export async function dragEdge(page: Page, from: string, to: string) {
  // All of the canvas in view, clear of the sticky save bar at the bottom of the page.
  await canvas(page).evaluate((el) => el.scrollIntoView({ block: "start" }));
  const handles = async () =>
    JSON.stringify([
      await box(page, from).locator(".react-flow__handle.source").boundingBox(),
      await box(page, to).locator(".react-flow__handle.target").boundingBox(),
    ]);
  // The view frames a changed graph once it has drawn it: wait until the boxes stay put.
  let seen = "";
  for (let now = await handles(); now !== seen; now = await handles()) {
    seen = now;
    await page.waitForTimeout(100);
  }
  // …and its handles are measured, which comes a little after they are drawn.
  await page.waitForTimeout(300);
  const [start, end] = JSON.parse(seen) as ({
    x: number;
    y: number;
    width: number;
    height: number;
  } | null)[];
  if (!start || !end) throw new Error(`no handles to join ${from} to ${to}`);
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
  // React Flow finds the handle under the pointer on its next frame, as after a real hand.
  await page.waitForTimeout(150);
  await page.mouse.up();
}

/** The edge's path on the canvas, found by the names of its ends' boxes. */
export async function edgeBetween(page: Page, from: string, to: string) {
  const id = async (name: string) => box(page, name).getAttribute("data-graph-node");
  return canvas(page).locator(`path[id="${await id(from)}->${await id(to)}"]`);
}

export async function switchEdge(page: Page, from: string, to: string) {
  await canvas(page)
    .getByRole("button", { name: `Switch the edge from ${from} to ${to} to`, exact: false })
    .click();
}
