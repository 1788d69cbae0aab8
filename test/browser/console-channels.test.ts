import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { ChannelKind } from "../../core/channel.ts";
import { sandboxHandle } from "../../sandbox/customer-reach.ts";
import { DEMO } from "../../sandbox/demo-instance.ts";
import {
  agentAnswersAndEnds,
  JOURNEY_STEP_MS,
  placeCallThatAccepts,
  screenshotPanels,
  showsText,
  useSandboxConsole,
} from "./sandbox-console.ts";

const CALLER = "+447911000077";
/** The Telegram user id the sandbox's directory holds for CALLER (sandbox/customer-reach.ts). */
const TELEGRAM_USER = "447911000077";
const REPLY = "Hi, it's about my bill";
const ANSWER = "Hello on Telegram, I have the notes from your call.";

const sandboxConsole = useSandboxConsole();

/** WCAG's contrast ratio of an element's text on its background (both opaque here). */
async function contrastRatio(locator: Locator): Promise<number> {
  return locator.evaluate((node) => {
    const rgb = (color: string) => (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    const luminance = (color: string) => {
      const [r = 0, g = 0, b = 0] = rgb(color).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let back: Element | null = node;
    while (back && getComputedStyle(back).backgroundColor === "rgba(0, 0, 0, 0)") {
      back = back.parentElement;
    }
    const text = luminance(getComputedStyle(node).color);
    const ground = luminance(back ? getComputedStyle(back).backgroundColor : "rgb(255,255,255)");
    return (Math.max(text, ground) + 0.05) / (Math.min(text, ground) + 0.05);
  });
}

describe("the sandbox console on a channel beside Twilio", () => {
  it("follows a call deflected to Telegram to a chat the agent answers and ends, on the customer's Telegram", async () => {
    const sandbox = sandboxConsole();
    const page = await sandbox.openConsole();
    const caller = await placeCallThatAccepts(page, { number: CALLER, reachOn: "telegram" });

    // The phone turns to the caller's Telegram, where they started the bot before the call.
    const phone = page.locator("#phone-messages");
    await expect
      .poll(() => page.getByLabel("Conversation").inputValue())
      .toBe(`telegram#${TELEGRAM_USER}`);
    await showsText(page.locator("#phone-app"), "Telegram bot");
    await showsText(phone.locator(".bubble.mine"), "/start");
    const first = phone.locator(".bubble.theirs", { hasText: "thanks for calling" });
    await showsText(first, "Acme Support", "business", "sent");
    await showsText(caller.locator(".deflect"), "accept: sent=true");
    expect(await first.locator(".badge").count()).toBe(0);
    // A Telegram user here writes text only, and the page says so next to the file field.
    const file = page.getByLabel("Attach a file (optional)");
    expect(await file.isDisabled()).toBe(true);
    await showsText(page.locator("#phone-file-note"), "No file on Telegram here");

    await page.getByLabel("Reply as the customer").fill(REPLY);
    await page.getByLabel("Reply as the customer").press("Control+Enter");
    await showsText(page.locator("#phone-status"), "the webhook function answered 200");
    await showsText(phone.locator(".bubble.mine"), REPLY, "webhook answered 200");

    const { agent, bubbles: texts } = await agentAnswersAndEnds(page, {
      customerSaid: REPLY,
      answer: ANSWER,
      closingText: DEMO.closingText,
    });
    expect(texts.at(-1)).toContain(DEMO.closingText);
    expect(texts.findIndex((t) => t.includes(REPLY))).toBeLessThan(
      texts.findIndex((t) => t.includes(ANSWER)),
    );
    expect(texts.some((text) => text.includes("Moved from a phone call"))).toBe(false);
    // Starting the bot before the call is the customer's earlier contact, not part of the chat.
    expect((await agent.locator(".thread").allTextContents()).join(" ")).not.toContain("/start");
    // What the customer's Telegram holds is what the bot sent through the Bot API.
    const sent = sandbox.world.platforms.telegram.sent({ chatId: Number(TELEGRAM_USER) });
    expect(sent.map((m) => m.result.text)).toContain(ANSWER);
    // Readable on Telegram's colours: the status lines are the palest text in a bubble.
    for (const small of await phone.locator(".bubble small").all()) {
      expect(await contrastRatio(small)).toBeGreaterThanOrEqual(4.5);
    }
    expect(sandbox.offLoopback).toEqual([]);
    await screenshotPanels(page, { panels: ["caller", "phone", "agent"], prefix: "telegram-" });
    await page.close();
  }, 180_000);

  it("switches the scripted chat agents' auto-answer on and off from the keyboard, off by default", async () => {
    const sandbox = sandboxConsole();
    const page = await sandbox.openConsole();
    const instance = sandbox.world.connect.instance.instance;
    const scripted = () => ["hal", "ida"].map((name) => instance.findAgent(name)?.status);
    const toggle = page.getByLabel("Auto-answer chats by scripted agents");
    expect(await toggle.isChecked()).toBe(false);
    expect(scripted()).toEqual(["Offline", "Offline"]);

    await toggle.focus();
    await page.keyboard.press("Space");
    await showsText(page.locator("#agent-status"), "Scripted agents auto-answer chats too.");
    expect(scripted()).toEqual(["Available", "Available"]);

    await page.keyboard.press("Space");
    await showsText(page.locator("#agent-status"), "chats wait for you");
    expect(scripted()).toEqual(["Offline", "Offline"]);
    expect(await toggle.isChecked()).toBe(false);
    await page.close();
  }, 60_000);

  it("shows the first message on every other channel's phone, as its app marks it, and takes a reply there", async () => {
    const page = await sandboxConsole().openConsole();
    const caller = page.locator("#caller");
    const calls: { channel: ChannelKind; number: string; marks: string[] }[] = [
      { channel: "whatsapp", number: "+447911000101", marks: ["template", "delivered"] },
      { channel: "sms", number: "+447911000102", marks: ["Reply STOP", "delivered"] },
      { channel: "messenger", number: "+447911000103", marks: ["delivered"] },
      { channel: "x", number: "+447911000104", marks: ["sent"] },
      { channel: "line", number: "+447911000105", marks: ["sent"] },
    ];
    await caller.getByLabel("presses 1 (yes)").check();
    await caller.getByLabel("Each prompt plays for").fill("0.3");
    for (const { channel, number } of calls) {
      await caller.getByLabel("Caller's number").fill(number);
      await caller.getByLabel("The business's records reach them on").selectOption(channel);
      await caller.getByRole("button", { name: "Place the call" }).click();
      await showsText(page.locator("#call-status"), "placed");
    }

    const phone = page.locator("#phone-messages");
    const conversation = page.getByLabel("Conversation");
    for (const { channel, number, marks } of calls) {
      const key = `${channel}#${sandboxHandle(channel, number)}`;
      await conversation.locator(`option[value="${key}"]`).waitFor({
        state: "attached",
        timeout: JOURNEY_STEP_MS,
      });
      await conversation.selectOption(key);
      await showsText(phone.locator(".bubble.theirs"), "thanks for calling", ...marks);
      if (channel === "line") await showsText(phone, "(added the account as a friend)");

      await page.getByLabel("Reply as the customer").fill(`Hello from ${channel}`);
      if (channel === "messenger") {
        await page.getByLabel("Attach a file (optional)").setInputFiles({
          name: "receipt.png",
          mimeType: "image/png",
          buffer: Buffer.from("a receipt"),
        });
      }
      await page.locator("#phone-form").getByRole("button", { name: "Send" }).click();
      await showsText(page.locator("#phone-status"), "the webhook function answered 200");
      await showsText(
        phone.locator(".bubble.mine"),
        `Hello from ${channel}`,
        "webhook answered 200",
      );
      if (channel !== "messenger") continue;
      // The file went to the emulator's stand-in for Meta's CDN; the phone links to it.
      const link = phone.getByRole("link", { name: "📎 image" });
      await link.waitFor({ timeout: JOURNEY_STEP_MS });
      const file = await fetch((await link.getAttribute("href")) ?? "");
      expect(await file.text()).toBe("a receipt");
      await screenshotPanels(page, { panels: ["phone"], prefix: "messenger-" });
    }
    await page.close();
  }, 180_000);
});
