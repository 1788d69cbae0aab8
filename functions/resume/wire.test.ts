import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadChannelsConfig } from "../../config/channels-config.ts";
import { ENV } from "../../config/environment-names.ts";
import { loadResumeConfig } from "../../config/resume-config.ts";
import type { ResumeDeps } from "../../core/resume/resume-deps.ts";
import { type MetaEmulator, startMetaEmulator } from "../../emulators/meta/index.ts";
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from "../../emulators/shared-http/webhook-receiver.ts";
import { startTwilioEmulator, type TwilioEmulator } from "../../emulators/twilio/index.ts";
import { RecordingChannel } from "../../test/fakes/recording-channel.ts";
import { wireResume } from "./wire.ts";

const HANDLE = "+447700900778";
const BUSINESS_NUMBER = "+15557654321";

let twilio: TwilioEmulator;
let receiver: WebhookReceiver;
let resume: ResumeDeps;
const lines: [string, Record<string, unknown>][] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  twilio = await startTwilioEmulator({
    webhookUrl: `${receiver.url}/webhooks/sms`,
    statusStepMs: 10_000_000,
  });
  resume = wireResume({
    // The table and Connect are not called here: only the platform calls are under test.
    config: loadResumeConfig({
      [ENV.tableName]: "deflect",
      [ENV.resumeContactFlowId]: "flow-1",
      [ENV.resumeRelayTopicArn]: "arn:aws:sns:eu-west-2:111122223333:deflect-relay",
      [ENV.resumeTokenKey]: Buffer.alloc(32, 7).toString("base64"),
    }),
    channels: loadChannelsConfig({
      [ENV.webhookPublicBaseUrl]: "https://hooks.example.com",
      [ENV.twilioAccountSid]: twilio.accountSid,
      [ENV.twilioAuthToken]: twilio.authToken,
      [ENV.twilioSmsFrom]: BUSINESS_NUMBER,
      [ENV.twilioApiOrigin]: twilio.url,
    }),
    logger: { warn: (message, fields = {}) => void lines.push([message, fields]) },
  });
});
afterAll(async () => {
  await twilio.close();
  await receiver.close();
});
beforeEach(() => {
  twilio.reset();
  lines.length = 0;
});

const retried = (operation: string) => [
  "vendor call retried",
  { operation, attempt: 1, delayMs: 0, reason: "throttled", status: 429 },
];

describe("the resume function's platform calls", () => {
  it("log a retried notice to the customer", async () => {
    twilio.faults.failNext("messages.create", { status: 429, retryAfterSeconds: 0 });
    await resume.customerNotices?.tell({
      to: { channel: "sms", handle: HANDLE },
      text: "You're in line",
      reference: "notice-1",
    });
    expect(twilio.sent({ to: HANDLE })).toHaveLength(1);
    expect(lines).toEqual([retried("Twilio.CreateMessage")]);
  });

  it("log a retried download of a file the customer sent", async () => {
    await twilio.customerSends({
      from: HANDLE,
      to: BUSINESS_NUMBER,
      text: "the receipt",
      media: [{ contentType: "image/jpeg", content: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) }],
    });
    const url = new URLSearchParams(receiver.received.at(-1)?.body ?? "").get("MediaUrl0") ?? "";
    twilio.faults.failNext("media.fetch", { status: 429, retryAfterSeconds: 0 });
    const result = await resume.mediaSources?.twilio?.fetch(
      { url, contentType: "image/jpeg" },
      { maxBytes: 1024 },
    );
    expect(result).toMatchObject({ kind: "fetched" });
    expect(lines).toEqual([retried("DownloadMedia")]);
  });
});

describe("the resume function's Messenger files", () => {
  let meta: MetaEmulator;
  let messengerResume: ResumeDeps;
  beforeAll(async () => {
    meta = await startMetaEmulator();
    messengerResume = wireResume({
      config: loadResumeConfig({
        [ENV.tableName]: "deflect",
        [ENV.resumeContactFlowId]: "flow-1",
        [ENV.resumeRelayTopicArn]: "arn:aws:sns:eu-west-2:111122223333:deflect-relay",
        [ENV.resumeTokenKey]: Buffer.alloc(32, 7).toString("base64"),
      }),
      channels: loadChannelsConfig({
        [ENV.webhookPublicBaseUrl]: "https://hooks.example.com",
        [ENV.metaAppSecret]: meta.appSecret,
        [ENV.metaVerifyToken]: meta.verifyToken,
        [ENV.metaPageAccessToken]: meta.pageAccessToken,
        [ENV.metaGraphOrigin]: meta.url,
      }),
    });
  });
  afterAll(() => meta.close());

  it("are fetched from a stand-in Graph origin, which serves its users' files, and nowhere else", async () => {
    const stored = await fetch(`${meta.url}/__emulator/attachments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        contentType: "image/png",
        base64: Buffer.from("a receipt").toString("base64"),
        fileName: "receipt.png",
      }),
    });
    const { url } = (await stored.json()) as { url: string };
    const source = messengerResume.mediaSources?.meta;
    const fetched = await source?.fetch({ url }, { maxBytes: 1024 });
    expect(fetched).toMatchObject({
      kind: "fetched",
      file: { contentType: "image/png", fileName: "receipt.png" },
    });
    const elsewhere = await source?.fetch(
      { url: `${receiver.url}/receipt.png` },
      { maxBytes: 1024 },
    );
    expect(elsewhere).toEqual({ kind: "unavailable", reason: "not a Meta media URL" });
  });
});

describe("the resume function's notices through channels built already", () => {
  it("go through the caller's own adapters, not ones loaded from the configuration", async () => {
    const x = new RecordingChannel("x");
    const withOwnChannels = wireResume({
      config: loadResumeConfig({
        [ENV.tableName]: "deflect",
        [ENV.resumeContactFlowId]: "flow-1",
        [ENV.resumeRelayTopicArn]: "arn:aws:sns:eu-west-2:111122223333:deflect-relay",
        [ENV.resumeTokenKey]: Buffer.alloc(32, 7).toString("base64"),
      }),
      // No X credentials here: only the map given below can carry the notice.
      channels: loadChannelsConfig({ [ENV.webhookPublicBaseUrl]: "https://hooks.example.com" }),
      outboundChannels: new Map([["x", x]]),
    });
    await withOwnChannels.customerNotices?.tell({
      to: { channel: "x", handle: "4242" },
      text: "You're in line",
      reference: "notice-x",
    });
    expect(x.sent).toEqual([
      {
        kind: "text",
        to: { channel: "x", handle: "4242" },
        text: "You're in line",
        reference: "notice-x",
      },
    ]);
  });
});
