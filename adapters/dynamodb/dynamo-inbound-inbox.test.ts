import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import type { InboundMessage } from "../../core/ports/messenger-channel.ts";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { DynamoInboundInbox } from "./dynamo-inbound-inbox.ts";

let table: Awaited<ReturnType<typeof freshTable>>;
const now = new Date("2026-12-01T10:00:00.000Z");
const clock = { now: () => now };

beforeAll(async () => {
  table = await freshTable("inbox");
});

const message = (id: string, receivedAt: string, handle = "+447700900123"): InboundMessage => ({
  channel: "whatsapp",
  provider: "twilio",
  providerMessageId: id,
  from: { channel: "whatsapp", handle },
  text: `text of ${id}`,
  media: [{ url: "https://media.example/1", contentType: "image/png" }],
  receivedAt: new Date(receivedAt),
  profileName: "Ada",
});

async function inboxOf(handle: string) {
  const page = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `INBOX#whatsapp#${handle}` },
    }),
  );
  return page.Items ?? [];
}

describe("DynamoInboundInbox on dynalite", () => {
  it("keeps a customer's messages in one partition, keyed by message id, each stored once", async () => {
    const inbox = new DynamoInboundInbox({ ...table, clock, ttlSeconds: 3600 });
    const handle = "+447700900001";
    const second = message("SM2", "2026-12-01T10:00:02.000Z", handle);
    expect(await inbox.record(message("SM1", "2026-12-01T10:00:01.000Z", handle))).toBe("recorded");
    expect(await inbox.record(second)).toBe("recorded");
    // The platform's redelivery, parsed a minute later: the same message, turned away.
    const redelivered = { ...second, receivedAt: new Date("2026-12-01T10:01:02.000Z") };
    expect(await inbox.record(redelivered)).toBe("already-recorded");

    const items = await inboxOf(handle);
    expect(items.map((item) => item.sk)).toEqual(["MSG#twilio#SM1", "MSG#twilio#SM2"]);
    expect(items[1]).toMatchObject({
      state: "pending",
      channel: "whatsapp",
      provider: "twilio",
      providerMessageId: "SM2",
      handle,
      text: "text of SM2",
      media: [{ url: "https://media.example/1", contentType: "image/png" }],
      receivedAt: "2026-12-01T10:00:02.000Z",
      profileName: "Ada",
      expiresAt: Math.floor(now.getTime() / 1000) + 3600,
    });
  });

  it("keeps the same message id apart for different customers", async () => {
    const inbox = new DynamoInboundInbox({ ...table, clock });
    const at = "2026-12-01T10:00:00.000Z";
    expect(await inbox.record(message("SM-shared", at, "+447700900002"))).toBe("recorded");
    expect(await inbox.record(message("SM-shared", at, "+447700900003"))).toBe("recorded");
  });
});
