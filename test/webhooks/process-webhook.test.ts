import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { DynamoCustomerDirectory } from "../../adapters/dynamodb/dynamo-customer-directory.ts";
import { DynamoIdempotencyStore } from "../../adapters/dynamodb/dynamo-idempotency-store.ts";
import { DynamoInboundInbox } from "../../adapters/dynamodb/dynamo-inbound-inbox.ts";
import { DynamoSessionStore } from "../../adapters/dynamodb/dynamo-session-store.ts";
import { processWebhook, type WebhookDeps } from "../../core/inbound/process-webhook.ts";
import type { InboundInbox } from "../../core/ports/inbound-inbox.ts";
import type { InboundMessage } from "../../core/ports/messenger-channel.ts";
import { RecordingFunnel } from "../../test/fakes/in-memory-directory.ts";
import { RecordingChannel } from "../../test/fakes/recording-channel.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";

const clock = new ManualClock();
const message: InboundMessage = {
  channel: "sms",
  provider: "twilio",
  providerMessageId: "SM-retry-1",
  from: { channel: "sms", handle: "+447911123456" },
  text: "hello",
  media: [],
  receivedAt: clock.now(),
};

/** The real inbox, whose first write fails, as DynamoDB might after the SDK's own retries. */
class FlakyInbox implements InboundInbox {
  failuresLeft = 1;
  constructor(readonly inner: DynamoInboundInbox) {}
  async record(m: InboundMessage): Promise<"recorded" | "already-recorded"> {
    if (this.failuresLeft-- > 0) throw new Error("InternalServerError");
    return this.inner.record(m);
  }
}

const channel = Object.assign(new RecordingChannel("sms"), {
  verifyAndParse: async () => ({ kind: "events" as const, messages: [message], statuses: [] }),
});
let deps: WebhookDeps;
let inbox: FlakyInbox;
let scanInbox: () => Promise<Record<string, unknown>[]>;

beforeAll(async () => {
  const { client, documentClient, tableName } = await freshTable();
  inbox = new FlakyInbox(new DynamoInboundInbox({ client, tableName, clock }));
  scanInbox = async () =>
    (await documentClient.send(new ScanCommand({ TableName: tableName }))).Items?.filter((item) =>
      String(item.pk).startsWith("INBOX#"),
    ) ?? [];
  deps = {
    channels: new Map([["sms", channel]]),
    sessions: new DynamoSessionStore({ documentClient, tableName, clock }),
    claims: new DynamoIdempotencyStore({ documentClient, tableName, clock }),
    customers: new DynamoCustomerDirectory({ documentClient, tableName }),
    inbox,
    clock,
    dedupeTtlSeconds: 3600,
    platformAnswersKeywords: new Set(),
    funnel: new RecordingFunnel(),
  };
});

const request = {
  method: "POST",
  publicUrl: "https://x/webhooks/sms",
  headers: {},
  query: {},
  rawBody: "",
};

describe("processWebhook when recording fails", () => {
  it("loses no message: the platform's retry records it, and a later redelivery is a duplicate", async () => {
    await expect(processWebhook(deps, channel, request)).rejects.toThrow("InternalServerError");
    const retried = await processWebhook(deps, channel, request);
    expect(retried).toMatchObject({ kind: "acknowledged", counts: { accepted: 1, duplicates: 0 } });
    clock.advance(60_000);
    const again = await processWebhook(deps, channel, request);
    expect(again).toMatchObject({ kind: "acknowledged", counts: { accepted: 0, duplicates: 1 } });
    expect((await scanInbox()).map((item) => item.providerMessageId)).toEqual(["SM-retry-1"]);
  });
});

describe("processWebhook when a keyword's consent write fails", () => {
  it("applies it once: the failed attempt releases its claim, the retry applies it, a later one is a duplicate", async () => {
    const stop = { ...message, providerMessageId: "SM-stop-1", text: "STOP" };
    const customers = deps.customers as DynamoCustomerDirectory;
    let failuresLeft = 1;
    const flaky = Object.assign(Object.create(customers) as DynamoCustomerDirectory, {
      recordConsent: async (...args: Parameters<DynamoCustomerDirectory["recordConsent"]>) => {
        if (failuresLeft-- > 0) throw new Error("InternalServerError");
        return customers.recordConsent(...args);
      },
    });
    const stopChannel = Object.assign(new RecordingChannel("sms"), {
      verifyAndParse: async () => ({ kind: "events" as const, messages: [stop], statuses: [] }),
    });
    const keywordDeps = { ...deps, customers: flaky };
    await expect(processWebhook(keywordDeps, stopChannel, request)).rejects.toThrow(
      "InternalServerError",
    );
    const retried = await processWebhook(keywordDeps, stopChannel, request);
    expect(retried).toMatchObject({ counts: { keywords: 1, duplicates: 0 } });
    const again = await processWebhook(keywordDeps, stopChannel, request);
    expect(again).toMatchObject({ counts: { keywords: 0, duplicates: 1 } });
    const history = await customers.consentHistory(message.from.handle);
    expect(history.map((record) => record.status)).toEqual(["opted-out"]);
  });
});
