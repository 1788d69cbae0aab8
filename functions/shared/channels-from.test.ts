import { describe, expect, it } from "vitest";
import { loadChannelsConfig } from "../../config/channels-config.ts";
import { ENV } from "../../config/environment-names.ts";
import { CHANNEL_RECEIVERS } from "./channel-receivers.ts";
import { CHANNEL_SENDERS } from "./channel-senders.ts";
import { channelsFrom } from "./channels-from.ts";

// Only the platforms with credentials here (Twilio, X, Telegram) are configured.
const config = loadChannelsConfig({
  [ENV.webhookPublicBaseUrl]: "https://hooks.example.com",
  [ENV.twilioAccountSid]: "AC0",
  [ENV.twilioAuthToken]: "token",
  [ENV.twilioSmsFrom]: "+15005550006",
  [ENV.xConsumerKey]: "key",
  [ENV.xConsumerSecret]: "secret",
  [ENV.xAccessToken]: "access",
  [ENV.xAccessSecret]: "access-secret",
  [ENV.telegramBotToken]: "123:bot",
  [ENV.telegramWebhookSecret]: "hook-secret",
});
const clock = { now: () => new Date(0) };
const KINDS = ["sms", "whatsapp", "x", "telegram"];

describe("channelsFrom: one registry, the halves a function asks for", () => {
  it("gives a send-only function channels that send and cannot verify webhooks", () => {
    const channels = channelsFrom(config, { clock, senders: CHANNEL_SENDERS });
    expect([...channels.keys()]).toEqual(KINDS);
    for (const channel of channels.values()) {
      expect(typeof channel.send).toBe("function");
      // @ts-expect-error a sending half has no verifyAndParse, in its type as at run time
      expect(channel.verifyAndParse).toBeUndefined();
    }
  });

  it("gives the webhook function channels that verify and cannot send", () => {
    const channels = channelsFrom(config, { clock, receivers: CHANNEL_RECEIVERS });
    expect([...channels.keys()]).toEqual(KINDS);
    for (const channel of channels.values()) {
      expect(typeof channel.verifyAndParse).toBe("function");
      // @ts-expect-error a receiving half has no send, in its type as at run time
      expect(channel.send).toBeUndefined();
    }
  });

  it("joins both halves where a process sends and takes webhooks", () => {
    const channels = channelsFrom(config, {
      clock,
      senders: CHANNEL_SENDERS,
      receivers: CHANNEL_RECEIVERS,
    });
    expect([...channels.keys()]).toEqual(KINDS);
    for (const [kind, channel] of channels) {
      expect(channel.kind).toBe(kind);
      expect(typeof channel.send).toBe("function");
      expect(typeof channel.verifyAndParse).toBe("function");
    }
    expect(typeof channels.get("telegram")?.showTyping).toBe("function");
    expect(channels.get("sms")?.showTyping).toBeUndefined();
  });
});
