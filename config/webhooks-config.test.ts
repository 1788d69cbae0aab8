import { describe, expect, it } from "vitest";
import { InvalidConfigError } from "../core/errors.ts";
import { ENV } from "./environment-names.ts";
import { loadWebhooksConfig } from "./webhooks-config.ts";

const BASE = {
  [ENV.tableName]: "deflect",
  [ENV.webhookPublicBaseUrl]: "https://hooks.example.com/",
};

describe("loadWebhooksConfig", () => {
  it("needs the table and the public base URL, and trims the URL's trailing slash", () => {
    const config = loadWebhooksConfig(BASE);
    expect(config).toMatchObject({
      tableName: "deflect",
      publicBaseUrl: "https://hooks.example.com",
      region: "us-east-1",
      dedupeTtlSeconds: 172_800,
    });
    expect(() => loadWebhooksConfig({ [ENV.tableName]: "t" })).toThrow(
      /DEFLECT_WEBHOOK_PUBLIC_BASE_URL/,
    );
  });

  it("turns a channel on only when all its secrets are set; empty counts as unset", () => {
    const config = loadWebhooksConfig({
      ...BASE,
      [ENV.telegramBotToken]: "1:abc",
      [ENV.telegramWebhookSecret]: "s",
      [ENV.lineChannelSecret]: "",
    });
    expect(config.telegram).toEqual({ botToken: "1:abc", webhookSecret: "s" });
    expect(config.line).toBeUndefined();
    expect(config.twilio).toBeUndefined();
  });

  it("fails the cold start on a half-configured channel, naming what is missing", () => {
    const half = () => loadWebhooksConfig({ ...BASE, [ENV.metaAppSecret]: "secret" });
    expect(half).toThrow(InvalidConfigError);
    expect(half).toThrow(/META_VERIFY_TOKEN, META_PAGE_ACCESS_TOKEN/);
  });

  it("defaults SMS keyword replies to Twilio's own handling and rejects unknown values", () => {
    const twilio = { [ENV.twilioAccountSid]: "AC1", [ENV.twilioAuthToken]: "t" };
    expect(loadWebhooksConfig({ ...BASE, ...twilio }).twilio?.smsKeywordReplies).toBe("platform");
    expect(() =>
      loadWebhooksConfig({ ...BASE, ...twilio, [ENV.twilioSmsKeywordReplies]: "both" }),
    ).toThrow(InvalidConfigError);
  });

  it("rejects an origin override that is not an http(s) URL", () => {
    expect(() => loadWebhooksConfig({ ...BASE, [ENV.twilioApiOrigin]: "ftp://x" })).toThrow(
      /TWILIO_API_ORIGIN/,
    );
  });

  it("freezes the result", () => {
    const config = loadWebhooksConfig({
      ...BASE,
      [ENV.xConsumerKey]: "k",
      [ENV.xConsumerSecret]: "s",
      [ENV.xAccessToken]: "a",
      [ENV.xAccessSecret]: "b",
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.x)).toBe(true);
  });
});
