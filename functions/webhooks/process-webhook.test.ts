import { beforeAll, describe, expect, it } from "vitest";
import { DynamoCustomerDirectory } from "../../adapters/dynamodb/dynamo-customer-directory.ts";
import { DynamoSessionStore } from "../../adapters/dynamodb/dynamo-session-store.ts";
import { ConflictError } from "../../core/errors.ts";
import type { InboundInbox } from "../../core/ports/inbound-inbox.ts";
import type { InboundMessage } from "../../core/ports/messenger-channel.ts";
import { RecordingFunnel } from "../../test/fakes/in-memory-directory.ts";
import { RecordingChannel } from "../../test/fakes/recording-channel.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { processWebhook, type WebhookDeps } from "./process-webhook.ts";

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

/** An inbox whose first write fails, as DynamoDB might after the SDK's own retries. */
class FlakyInbox implements InboundInbox {
  readonly recorded: InboundMessage[] = [];
  failuresLeft = 1;
  async record(m: InboundMessage): Promise<"recorded"> {
    if (this.failuresLeft-- > 0) throw new Error("InternalServerError");
    this.recorded.push(m);
    return "recorded";
  }
}

const channel = Object.assign(new RecordingChannel("sms"), {
  verifyAndParse: async () => ({ kind: "events" as const, messages: [message], statuses: [] }),
});
let deps: WebhookDeps;
let inbox: FlakyInbox;

beforeAll(async () => {
  const { documentClient, tableName } = await freshTable();
  inbox = new FlakyInbox();
  deps = {
    channels: new Map([["sms", channel]]),
    sessions: new DynamoSessionStore({ documentClient, tableName, clock }),
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
  it("loses no message: the platform's retry is processed once the failed attempt's lease ends", async () => {
    await expect(processWebhook(deps, channel, request)).rejects.toThrow("InternalServerError");
    // A retry while the failed attempt still holds its claim is told to come back later.
    await expect(processWebhook(deps, channel, request)).rejects.toBeInstanceOf(ConflictError);
    clock.advance(31_000);
    const retried = await processWebhook(deps, channel, request);
    expect(retried).toMatchObject({ kind: "acknowledged", counts: { accepted: 1, duplicates: 0 } });
    const again = await processWebhook(deps, channel, request);
    expect(again).toMatchObject({ kind: "acknowledged", counts: { accepted: 0, duplicates: 1 } });
    expect(inbox.recorded).toHaveLength(1);
  });
});
