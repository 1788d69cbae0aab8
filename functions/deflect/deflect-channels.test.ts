import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChannelsConfig } from "../../config/channels-config.ts";
import { ENV } from "../../config/environment-names.ts";
import type { ChannelKind, CustomerAddress } from "../../core/channel.ts";
import { DependencyFailedError } from "../../core/errors.ts";
import { startTwilioEmulator, type TwilioEmulator } from "../../emulators/twilio/index.ts";
import { deflectChannels, sendLimitsWithin } from "./wire.ts";

const clock = { now: () => new Date() };
const BUSINESS_NUMBER = "+15005550006";

// The emulators answer at once; a platform that takes the request and never answers is what
// the flow's budget guards against, so a bare server that holds every request stands in.
let silent: Server;
let silentOrigin: string;
let twilio: TwilioEmulator;

beforeAll(async () => {
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentOrigin = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  twilio = await startTwilioEmulator({ statusStepMs: 10_000_000 });
});
afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
  await twilio.close();
});

describe("sendLimitsWithin", () => {
  it("keeps every attempt and every retry of a send inside its share of the flow's budget", () => {
    expect(sendLimitsWithin(3000)).toEqual({ timeoutMs: 1000, budgetMs: 1000 });
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 7000 }), (answerBudgetMs) => {
        const { timeoutMs, budgetMs } = sendLimitsWithin(answerBudgetMs);
        // The last retry starts by budgetMs and lasts at most timeoutMs.
        expect(budgetMs + timeoutMs).toBeLessThanOrEqual((answerBudgetMs * 2) / 3);
        expect(timeoutMs).toBeGreaterThan(0);
        expect(budgetMs).toBeGreaterThanOrEqual(timeoutMs);
      }),
    );
  });
});

describe("deflect's channels", () => {
  const to: Readonly<Partial<Record<ChannelKind, CustomerAddress>>> = {
    messenger: { channel: "messenger", handle: "24000000000000001" },
    telegram: { channel: "telegram", handle: "777000123" },
    line: { channel: "line", handle: `U${"4af4980629a0b7c1".repeat(2)}` },
  };

  it.each(["messenger", "telegram", "line"] as const)(
    "give up on a %s platform that never answers within the send's share of the budget",
    async (kind) => {
      const config = loadChannelsConfig({
        [ENV.webhookPublicBaseUrl]: "https://hooks.example.com",
        [ENV.metaAppSecret]: "app-secret",
        [ENV.metaVerifyToken]: "verify",
        [ENV.metaPageAccessToken]: "page-token",
        [ENV.metaGraphOrigin]: silentOrigin,
        [ENV.telegramBotToken]: "1:token",
        [ENV.telegramWebhookSecret]: "secret",
        [ENV.telegramApiOrigin]: silentOrigin,
        [ENV.lineChannelSecret]: "line-secret",
        [ENV.lineChannelAccessToken]: "line-token",
        [ENV.lineApiOrigin]: silentOrigin,
      });
      const budgetMs = 900;
      const channel = deflectChannels(config, { budgetMs, clock, logger: { warn: () => {} } }).get(
        kind,
      );
      const address = to[kind];
      if (!channel || !address) return expect.fail(`no ${kind} channel`);
      const started = performance.now();
      const error = await channel
        .send({ kind: "text", to: address, text: "Reply here", reference: `voice-${kind}` })
        .then(
          () => expect.fail("a platform that never answers cannot accept a message"),
          (failure: unknown) => failure,
        );
      const elapsedMs = performance.now() - started;
      expect(error).toBeInstanceOf(DependencyFailedError);
      expect(error).toMatchObject({ details: { timedOut: true } });
      // Without the limits, one attempt alone would wait the adapters' own 10 s.
      expect(elapsedMs).toBeLessThan((budgetMs * 2) / 3 + 150);
    },
  );

  it("log each retried vendor call with its operation, attempt, delay and reason", async () => {
    twilio.reset();
    twilio.faults.failNext("messages.create", { status: 429, retryAfterSeconds: 0 });
    const config = loadChannelsConfig({
      [ENV.webhookPublicBaseUrl]: "https://hooks.example.com",
      [ENV.twilioAccountSid]: twilio.accountSid,
      [ENV.twilioAuthToken]: twilio.authToken,
      [ENV.twilioSmsFrom]: BUSINESS_NUMBER,
      [ENV.twilioApiOrigin]: twilio.url,
    });
    const lines: [string, Record<string, unknown>][] = [];
    const logger = {
      warn: (message: string, fields: Record<string, unknown> = {}) =>
        void lines.push([message, fields]),
    };
    const sms = deflectChannels(config, { budgetMs: 3000, clock, logger }).get("sms");
    const sent = await sms?.send({
      kind: "text",
      to: { channel: "sms", handle: "+447911123456" },
      text: "Reply here",
      reference: "voice-retry",
    });
    expect(sent?.providerMessageId).toMatch(/^SM/);
    expect(lines).toEqual([
      [
        "vendor call retried",
        {
          operation: "Twilio.CreateMessage",
          attempt: 1,
          delayMs: 0,
          reason: "throttled",
          status: 429,
        },
      ],
    ]);
  });
});
