import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../../sandbox/demo-instance.ts";
import {
  JOURNEY_STEP_MS,
  type SandboxConsole,
  screenshotPanels,
  showsText,
  startSandboxConsole,
} from "./sandbox-console.ts";

let sandbox: SandboxConsole;

beforeAll(async () => {
  sandbox = await startSandboxConsole();
}, 120_000);

afterAll(() => sandbox?.close());

describe("the sandbox console in Chromium", () => {
  it("follows a call that presses 1 to a chat the agent answers and ends, on the customer's phone", async () => {
    const page = await sandbox.openConsole();
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
    expect(sandbox.offLoopback).toEqual([]);

    await screenshotPanels(page, { panels: ["caller", "phone", "agent", "operations"] });
    await page.close();
  }, 180_000);

  it("refuses an invalid threshold next to its field, writes nothing, then saves a valid one", async () => {
    const page = await sandbox.openConsole();
    const queueId = sandbox.world.queueIds.Support ?? "";
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
    expect((await sandbox.world.policies.getPolicy(queueId))?.thresholds).toEqual({
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
    expect((await sandbox.world.policies.getPolicy(queueId))?.thresholds).toEqual({
      onWaitSeconds: 120,
      offWaitSeconds: 90,
    });

    await form.getByRole("button", { name: "Switch to shadow mode" }).click();
    // Billing is in shadow mode already, so look at Support's own switch, redrawn once written.
    await form
      .getByRole("button", { name: "Shadow mode is on: switch to live" })
      .waitFor({ timeout: JOURNEY_STEP_MS });
    expect((await sandbox.world.policies.getPolicy(queueId))?.mode).toBe("shadow");
    await page.close();
  }, 60_000);
});
