import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningConsole, startConsole } from "../../console/console-server.ts";
import { DEMO } from "../../sandbox/demo-instance.ts";
import { type LocalWorld, startLocalWorld } from "../../sandbox/local-world.ts";
import { prepareServing } from "../../sandbox/serve.ts";

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH names another. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Each panel as the journey left it, for the README and for a failing run's reader. */
const SCREENSHOTS = ".data/console-screenshots";
/** The IVR's reason prompt waits 8 s for keys whatever the caller says; the rest is quick. */
const JOURNEY_STEP_MS = 45_000;

let world: LocalWorld;
let serving: { stop(): Promise<void> };
let running: RunningConsole;
let browser: Browser;
/** Requests the page tried to send anywhere but loopback (refused): no CDN, nothing remote. */
const offLoopback: string[] = [];

// The whole sandbox as `npm start -- --serve` runs it, on the wall clock, on its own table.
beforeAll(async () => {
  const data = await mkdtemp(join(tmpdir(), "console-journey-"));
  world = await startLocalWorld({ freshTable: true, dataDir: join(data, "dynamodb") });
  serving = await prepareServing(world, () => {});
  running = await startConsole(world);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
  await serving?.stop();
  await world?.close();
});

async function openConsole(): Promise<Page> {
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
}

/** Waits (without sleeping) until the locator's text contains every part. */
async function showsText(locator: Locator, ...parts: string[]): Promise<void> {
  for (const part of parts) {
    await locator.filter({ hasText: part }).first().waitFor({ timeout: JOURNEY_STEP_MS });
  }
}

describe("the sandbox console in Chromium", () => {
  it("follows a call that presses 1 to a chat the agent answers and ends, on the customer's phone", async () => {
    const page = await openConsole();
    const caller = page.locator("#caller");
    await caller.getByLabel("Caller's number").fill("+447911000042");
    await caller.getByLabel("Says why they call").fill("My bill is wrong this month");
    await caller.getByLabel("presses 1 (yes)").check();
    await caller.getByLabel("Each prompt plays for").fill("0.3");
    await caller.getByRole("button", { name: "Place the call" }).click();

    const phone = page.locator("#phone-messages");
    const template = phone.locator(".bubble", { hasText: "thanks for calling" });
    await showsText(template, "template", "delivered");
    await showsText(caller.locator(".deflect"), "accept: sent=true");

    await page.getByLabel("Reply as the customer").fill("Hi, about my bill");
    await page.locator("#phone-form").getByRole("button", { name: "Send" }).click();
    await showsText(page.locator("#phone-status"), "the webhook function answered 200");

    const agent = page.locator("#agent-chats");
    await agent.getByRole("button", { name: "Accept" }).click({ timeout: JOURNEY_STEP_MS });
    await showsText(agent.getByRole("region", { name: "Call context" }), "Moved from a phone call");
    await showsText(agent.locator(".thread"), "Hi, about my bill");
    await agent.getByLabel("Your reply").fill("Hello, I have the notes from your call.");
    await agent.getByRole("button", { name: "Send" }).click();
    await showsText(phone.locator(".bubble.theirs"), "Hello, I have the notes from your call.");

    await agent.getByRole("button", { name: "End the chat" }).click();
    await showsText(phone.locator(".bubble.theirs"), DEMO.closingText);
    const texts = await phone.locator(".bubble").allTextContents();
    expect(texts.at(-1)).toContain(DEMO.closingText);
    expect(texts.some((text) => text.includes("Moved from a phone call"))).toBe(false);
    expect(offLoopback).toEqual([]);

    await mkdir(SCREENSHOTS, { recursive: true });
    for (const panel of ["caller", "phone", "agent", "operations"]) {
      await page.locator(`#${panel}`).screenshot({ path: join(SCREENSHOTS, `${panel}.png`) });
    }
    await page.screenshot({ path: join(SCREENSHOTS, "console.png"), fullPage: true });
    await page.close();
  }, 180_000);

  it("refuses an invalid threshold next to its field, writes nothing, then saves a valid one", async () => {
    const page = await openConsole();
    const queueId = world.queueIds.Support ?? "";
    const form = page.getByRole("form", { name: "Support policy" });
    const on = form.getByLabel("Offer once the wait reaches (s)");
    const off = form.getByLabel("Stop below a wait of (s)");
    await showsText(page.locator("#operations-queues"), "Now: live, offer at 240 s");

    await on.fill("soon");
    await form.getByRole("button", { name: "Save" }).click();
    await showsText(form.locator("#support-on-error"), 'expected whole seconds, got "soon"');
    expect(await on.getAttribute("aria-invalid")).toBe("true");

    await on.fill("120");
    await off.fill("200");
    await form.getByRole("button", { name: "Save" }).click();
    await showsText(form.locator("#support-off-error"), "must not exceed onWaitSeconds");
    expect(await form.locator("#support-on-error").textContent()).toBe("");
    expect((await world.policies.getPolicy(queueId))?.thresholds).toEqual({
      onWaitSeconds: 240,
      offWaitSeconds: 180,
    });

    await off.fill("90");
    await form.getByRole("button", { name: "Save" }).click();
    await showsText(form.getByRole("status"), "Saved: thresholds.onWaitSeconds: 240 → 120");
    await showsText(
      page.locator("#operations-queues"),
      "Now: live, offer at 120 s, stop below 90 s",
    );
    expect((await world.policies.getPolicy(queueId))?.thresholds).toEqual({
      onWaitSeconds: 120,
      offWaitSeconds: 90,
    });

    await form.getByRole("button", { name: "Switch to shadow mode" }).click();
    // Billing is in shadow mode already, so look at Support's own switch, redrawn once written.
    await form
      .getByRole("button", { name: "Shadow mode is on: switch to live" })
      .waitFor({ timeout: JOURNEY_STEP_MS });
    expect((await world.policies.getPolicy(queueId))?.mode).toBe("shadow");
    await page.close();
  }, 60_000);
});
