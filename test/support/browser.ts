import { mkdirSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterEach } from "vitest";

// Everything the pages a spec visits put on the console as an error or warning, and every
// uncaught page error. Registered on import, so every browser spec fails a test that left
// any behind (with the messages), whichever page or context logged them.
const problems: string[] = [];

afterEach(() => {
  const found = problems.splice(0);
  if (found.length > 0) {
    throw new Error(`the pages logged ${found.length} problem(s):\n${found.join("\n")}`);
  }
});

function watchConsole(context: BrowserContext) {
  context.on("console", (message) => {
    const type = message.type();
    if (type !== "error" && type !== "warning") return;
    const page = message.page()?.url() ?? "?";
    const { url, lineNumber } = message.location();
    const where = url ? ` (${url}:${lineNumber})` : "";
    problems.push(`console ${type} on ${page}: ${message.text()}${where}`);
  });
  context.on("weberror", (error) => {
    const page = error.page()?.url() ?? "?";
    problems.push(`page error on ${page}: ${error.error().stack ?? String(error.error())}`);
  });
}

/** Debian's Chromium, headless, with nothing reaching out to the network. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  browser.on("context", watchConsole);
  return browser;
}

/** A full-page screenshot into test-results/ (gitignored), for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync("test-results", { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}

/**
 * Fails unless the page fits its viewport's width (nothing to scroll sideways; a table may
 * scroll inside its own box), naming the elements that stick out.
 */
export async function expectFitsViewport(page: Page): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const { scrollWidth, culprits } = await page.evaluate((limit) => {
    const scrolls = (el: Element) => /auto|scroll|hidden/.test(getComputedStyle(el).overflowX);
    const insideScroller = (el: Element) => {
      for (
        let up = el.parentElement;
        up && up !== document.documentElement;
        up = up.parentElement
      ) {
        if (scrolls(up)) return true;
      }
      return false;
    };
    const describe = (el: Element) =>
      `<${el.tagName.toLowerCase()}${el.className ? ` class="${String(el.className)}"` : ""}> ` +
      `${Math.round(el.getBoundingClientRect().right)}px: ${(el.textContent ?? "").trim().slice(0, 60)}`;
    const out = [...document.querySelectorAll("html, body, body *")].filter(
      (el) => el.getBoundingClientRect().right > limit + 0.5 && !insideScroller(el),
    );
    // Nothing outside a scroll box: then something escapes one (say, an absolutely
    // positioned element whose containing block is outside it); list those too.
    const wide =
      out.length > 0
        ? out
        : [...document.querySelectorAll("body *")].filter(
            (el) => el.getBoundingClientRect().right > limit + 0.5,
          );
    // The innermost ones say most: drop those that merely contain another culprit.
    const innermost = wide.filter(
      (el) => !wide.some((other) => other !== el && el.contains(other)),
    );
    return {
      scrollWidth: document.documentElement.scrollWidth,
      culprits: innermost.slice(0, 5).map(describe),
    };
  }, width);
  if (scrollWidth > width) {
    throw new Error(
      `${page.url()} is ${scrollWidth}px wide in a ${width}px viewport:\n${culprits.join("\n")}`,
    );
  }
}

/** Fails if the page's text shows an emoji: they need a colour-emoji font many browsers lack. */
export async function expectNoEmoji(page: Page): Promise<void> {
  const text = await page.locator("body").innerText();
  const emoji = text.match(/\p{Extended_Pictographic}/gu);
  if (emoji) throw new Error(`${page.url()} shows emoji: ${[...new Set(emoji)].join(" ")}`);
}
