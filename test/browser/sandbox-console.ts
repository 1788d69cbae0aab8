import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
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

/** One sandbox console for a test file: started in `beforeAll`, closed in `afterAll`. */
export function useSandboxConsole(): () => SandboxConsole {
  let sandbox: SandboxConsole | undefined;
  beforeAll(async () => {
    sandbox = await startSandboxConsole();
  }, 120_000);
  afterAll(() => sandbox?.close());
  return () => {
    if (!sandbox) throw new Error("the sandbox console starts in beforeAll");
    return sandbox;
  };
}

/**
 * Places a call from the caller panel that gives its reason and presses 1 to move to a chat,
 * each prompt cut to 0.3 s; `reachOn` picks the channel the business's records reach them on.
 */
export async function placeCallThatAccepts(
  page: Page,
  call: { number: string; reachOn?: string },
): Promise<Locator> {
  const caller = page.locator("#caller");
  await caller.getByLabel("Caller's number").fill(call.number);
  if (call.reachOn) {
    await caller.getByLabel("The business's records reach them on").selectOption(call.reachOn);
  }
  await caller.getByLabel("Says why they call").fill("My bill is wrong this month");
  await caller.getByLabel("presses 1 (yes)").check();
  await caller.getByLabel("Each prompt plays for").fill("0.3");
  await caller.getByRole("button", { name: "Place the call" }).click();
  return caller;
}

/**
 * The agent accepts the deflected chat, sees where it came from and what the customer said,
 * answers, and ends it; waits until the phone shows the answer and the closing text, and
 * returns the phone's bubbles then.
 */
export async function agentAnswersAndEnds(
  page: Page,
  chat: { customerSaid: string; answer: string; closingText: string },
): Promise<{ agent: Locator; bubbles: string[] }> {
  const phone = page.locator("#phone-messages");
  const agent = page.locator("#agent-chats");
  await agent.getByRole("button", { name: "Accept" }).click({ timeout: JOURNEY_STEP_MS });
  await showsText(agent.getByRole("region", { name: "Call context" }), "Moved from a phone call");
  await showsText(agent.locator(".thread"), chat.customerSaid);
  await agent.getByLabel("Your reply").fill(chat.answer);
  await agent.getByRole("button", { name: "Send" }).click();
  await showsText(phone.locator(".bubble.theirs"), chat.answer);

  await agent.getByRole("button", { name: "End the chat" }).click();
  await showsText(phone.locator(".bubble.theirs"), chat.closingText);
  return { agent, bubbles: await phone.locator(".bubble").allTextContents() };
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
