import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { serveOpsConsole } from "../../cli/ops/console-command.ts";
import { BILLING, opsTestTable, SUPPORT } from "../../cli/ops/ops-test-table.ts";

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH names another. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = ".data/console-screenshots";

let browser: Browser;
let t: Awaited<ReturnType<typeof opsTestTable>>;
let stop: () => Promise<unknown> = async () => undefined;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});
afterAll(() => browser?.close());
beforeEach(async () => {
  t = await opsTestTable();
  await t.seed(SUPPORT, BILLING);
  const at = new Date("2026-03-02T10:00:00Z");
  for (const stage of ["offered", "accepted", "sent", "delivered"] as const) {
    await t.funnel.record({ queueId: "support", stage, channel: "whatsapp", at });
  }
});
afterEach(async () => {
  await stop();
  t.close();
});

/** `npm run ops -- console <flags>` in-process, and a Chromium page on it. */
async function openOpsConsole(...flags: string[]): Promise<Page> {
  let stdout = "";
  let release = () => {};
  const exit = serveOpsConsole({
    args: flags,
    context: {
      env: t.env,
      stdout: { write: (s: string) => (stdout += s) },
      stderr: process.stderr,
    },
    until: new Promise<void>((resolve) => {
      release = resolve;
    }),
  });
  stop = () => {
    release();
    return exit;
  };
  const url = await vi.waitFor(() => {
    const printed = /^console (\S+)/m.exec(stdout)?.[1];
    if (!printed) throw new Error("no URL printed yet");
    return printed;
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  // Nothing leaves the machine: the page is served whole from the console.
  await page.route(
    (u) => u.hostname !== "127.0.0.1",
    (route) => route.abort(),
  );
  await page.goto(url);
  await page.getByText("Live: updates arrive as they happen.").waitFor();
  return page;
}

describe("npm run ops -- console in Chromium", () => {
  it("shows the funnel and a disabled policy form that says why, without --write", async () => {
    const page = await openOpsConsole();
    const form = page.getByRole("form", { name: "support policy" });
    await form.getByText("Read-only: started without --write.").waitFor();
    for (const label of ["Mode", "Offer once the wait reaches (s)", "Stop below a wait of (s)"]) {
      await expect.poll(() => form.getByLabel(label).isDisabled()).toBe(true);
    }
    expect(await form.getByRole("button", { name: "Save" }).isDisabled()).toBe(true);
    expect(await form.getByLabel("Offer once the wait reaches (s)").inputValue()).toBe("300");
    const funnel = page.getByRole("region", { name: "support funnel" });
    expect(await funnel.getByRole("row", { name: /whatsapp/ }).textContent()).toContain("1");
    expect(await page.locator("#operations").getByText("No funnel counts yet.").count()).toBe(1);

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "ops-console.png"), fullPage: true });
    await page.close();
  });

  it("with --write, refuses an invalid value next to its field and saves a valid one", async () => {
    const page = await openOpsConsole("--write");
    const form = page.getByRole("form", { name: "support policy" });
    const off = form.getByLabel("Stop below a wait of (s)");
    await expect.poll(() => off.inputValue()).toBe("240");
    expect(await off.isDisabled()).toBe(false);
    expect(await form.getByText("Read-only").count()).toBe(0);

    await off.fill("400");
    await form.getByRole("button", { name: "Save" }).click();
    await form.locator("#support-off-error").getByText("must not exceed").waitFor();
    expect((await t.policies.getPolicy("support"))?.thresholds.offWaitSeconds).toBe(240);

    await off.fill("200");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Saved: thresholds.offWaitSeconds: 240 → 200").waitFor();
    await page.getByText("stop below 200 s").waitFor();
    expect((await t.policies.getPolicy("support"))?.thresholds.offWaitSeconds).toBe(200);
    await page.close();
  });

  it("draws the simulator's plots for a queue a person describes, and names a refused value", async () => {
    const page = await openOpsConsole();
    await page.getByText("What if: simulate a queue's thresholds").click();
    const form = page.getByRole("form", { name: "what if" });
    await form.getByLabel("Voice agents").fill("lots");
    await form.getByRole("button", { name: "Simulate" }).click();
    await form.getByText(/--agents/).waitFor();
    await form.getByLabel("Voice agents").fill("52");
    await form.getByRole("button", { name: "Simulate" }).click();
    for (const title of ["Offers per day", "Voice ASA", "Voice service level"]) {
      await page.getByRole("img", { name: new RegExp(title) }).waitFor({ timeout: 30_000 });
    }
    expect(await page.locator(".what-if-plots img").count()).toBe(3);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "what-if.png"), fullPage: true });
  }, 60_000);
});
