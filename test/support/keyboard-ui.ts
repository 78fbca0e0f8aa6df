import type { Locator, Page } from "playwright-core";

// Working a page with the keyboard alone: focus moves only by Tab and Shift+Tab (which
// also proves every control is reachable that way), text is typed, options are chosen
// with the arrow keys and buttons pressed with Enter. The DOM is read, never clicked.

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Tabs (forwards or back, whichever way the control lies) until it has the focus. */
export async function tabTo(page: Page, target: Locator) {
  await target.waitFor();
  for (let presses = 0; presses < 600; presses++) {
    if (await isFocused(target)) return;
    const ahead = await target.evaluate((el) => {
      const active = document.activeElement;
      if (!active || active === document.body) return true;
      return Boolean(active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    await page.keyboard.press(ahead ? "Tab" : "Shift+Tab");
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** Replaces a field's text by typing. */
export async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

/** Chooses the option whose text starts with `label` with the arrow keys. */
export async function choose(page: Page, select: Locator, label: string) {
  await tabTo(page, select);
  const { options, at } = await select.evaluate((el: HTMLSelectElement) => ({
    options: [...el.options].map((o) => o.text.trim()),
    at: el.selectedIndex,
  }));
  const wanted = options.findIndex((text) => text.startsWith(label));
  if (wanted < 0) throw new Error(`no option "${label}" in ${options.join(" | ")}`);
  for (let i = at; i !== wanted; i += wanted > at ? 1 : -1) {
    await page.keyboard.press(wanted > at ? "ArrowDown" : "ArrowUp");
  }
}

/** Presses a button or follows a link with Enter. */
export async function press(page: Page, target: Locator) {
  await tabTo(page, target);
  await page.keyboard.press("Enter");
}
