import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { type RunningConsole, startConsole } from "../../console/console-server.ts";
import { type LocalWorld, startLocalWorld } from "../../sandbox/local-world.ts";
import { prepareServing } from "../../sandbox/serve.ts";

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH names another. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Each panel as a journey left it, for the README and for a failing run's reader. */
export const SCREENSHOTS = ".data/console-screenshots";
/** The IVR's reason prompt waits 8 s for keys whatever the caller says; the rest is quick. */
export const JOURNEY_STEP_MS = 45_000;

export interface SandboxConsole {
  readonly world: LocalWorld;
  readonly running: RunningConsole;
  /** Requests a page tried to send anywhere but loopback (refused): no CDN, nothing remote. */
  readonly offLoopback: readonly string[];
  /** A new page on the console, once its event stream is live. */
  openConsole(): Promise<Page>;
  close(): Promise<void>;
}

/** The whole sandbox as `npm start -- --serve` runs it, on the wall clock, on its own table. */
export async function startSandboxConsole(): Promise<SandboxConsole> {
  const data = await mkdtemp(join(tmpdir(), "console-journey-"));
  const world = await startLocalWorld({ freshTable: true, dataDir: join(data, "dynamodb") });
  const serving = await prepareServing(world, () => {});
  const running = await startConsole(world);
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox"],
  });
  const offLoopback: string[] = [];
  return {
    world,
    running,
    offLoopback,
    async openConsole() {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
      await page.route(
        (url) => url.hostname !== "127.0.0.1",
        (route) => {
          offLoopback.push(route.request().url());
          return route.abort();
        },
      );
      await page.goto(running.url);
      await page.getByText("Live: updates arrive as they happen.").waitFor();
      return page;
    },
    async close() {
      await browser.close();
      await running.close();
      await serving.stop();
      await world.close();
    },
  };
}

/** Waits (without sleeping) until the locator's text contains every part. */
export async function showsText(locator: Locator, ...parts: string[]): Promise<void> {
  for (const part of parts) {
    await locator.filter({ hasText: part }).first().waitFor({ timeout: JOURNEY_STEP_MS });
  }
}

/** Saves each named panel, and the whole page as `<prefix>console.png`. */
export async function screenshotPanels(
  page: Page,
  options: { panels: readonly string[]; prefix?: string },
): Promise<void> {
  const prefix = options.prefix ?? "";
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const panel of options.panels) {
    await page
      .locator(`#${panel}`)
      .screenshot({ path: join(SCREENSHOTS, `${prefix}${panel}.png`) });
  }
  await page.screenshot({ path: join(SCREENSHOTS, `${prefix}console.png`), fullPage: true });
}
