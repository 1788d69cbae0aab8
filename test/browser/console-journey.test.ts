import { describe, expect, it } from "vitest";
import { DEMO } from "../../sandbox/demo-instance.ts";
import {
  agentAnswersAndEnds,
  JOURNEY_STEP_MS,
  placeCallThatAccepts,
  screenshotPanels,
  showsText,
  useSandboxConsole,
} from "./sandbox-console.ts";

const sandboxConsole = useSandboxConsole();

describe("the sandbox console in Chromium", () => {
  it("follows a call that presses 1 to a chat the agent answers and ends, on the customer's phone", async () => {
    const sandbox = sandboxConsole();
    const page = await sandbox.openConsole();
    const caller = await placeCallThatAccepts(page, { number: "+447911000042" });

    const phone = page.locator("#phone-messages");
    const template = phone.locator(".bubble", { hasText: "thanks for calling" });
    await showsText(template, "template", "delivered");
    await showsText(caller.locator(".deflect"), "accept: sent=true");

    await page.getByLabel("Reply as the customer").fill("Hi, about my bill");
    await page.locator("#phone-form").getByRole("button", { name: "Send" }).click();
    await showsText(page.locator("#phone-status"), "the webhook function answered 200");

    const { bubbles: texts } = await agentAnswersAndEnds(page, {
      customerSaid: "Hi, about my bill",
      answer: "Hello, I have the notes from your call.",
      closingText: DEMO.closingText,
    });
    expect(texts.at(-1)).toContain(DEMO.closingText);
    expect(texts.some((text) => text.includes("Moved from a phone call"))).toBe(false);
    expect(sandbox.offLoopback).toEqual([]);

    await screenshotPanels(page, { panels: ["caller", "phone", "agent", "operations"] });
    await page.close();
  }, 180_000);

  it("refuses an invalid threshold next to its field, writes nothing, then saves a valid one", async () => {
    const sandbox = sandboxConsole();
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
