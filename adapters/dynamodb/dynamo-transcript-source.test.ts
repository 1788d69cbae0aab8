import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { freshTable } from "../../test/support/dynamo-table.ts";
import { DynamoTranscriptSource } from "./dynamo-transcript-source.ts";
import { transcriptPartition } from "./item-keys.ts";

let source: DynamoTranscriptSource;
let table: Awaited<ReturnType<typeof freshTable>>;

beforeAll(async () => {
  table = await freshTable();
  source = new DynamoTranscriptSource(table);
});

describe("DynamoTranscriptSource on dynalite", () => {
  it("returns a contact's segments in time order, whatever order they were written in", async () => {
    await source.putSegments("voice-1", [
      { participant: "AGENT", text: "How can I help?", offsetMs: 65_000 },
      { participant: "SYSTEM", text: "Welcome", offsetMs: 0 },
    ]);
    await source.putSegments("voice-1", [
      { participant: "CUSTOMER", text: "My bill is wrong", offsetMs: 9_000 },
    ]);
    await source.putSegments("voice-2", [{ participant: "CUSTOMER", text: "other", offsetMs: 1 }]);
    expect((await source.segments("voice-1")).map((s) => s.text)).toEqual([
      "Welcome",
      "My bill is wrong",
      "How can I help?",
    ]);
  });

  it("stores a redelivered segment once and reads long transcripts across pages", async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      participant: "CUSTOMER" as const,
      text: `${"words ".repeat(3000)}${i}`,
      offsetMs: i * 1000,
    }));
    await source.putSegments("voice-3", many);
    await source.putSegments("voice-3", many.slice(0, 10));
    const read = await source.segments("voice-3");
    expect(read).toHaveLength(60);
    expect(read.map((s) => s.offsetMs)).toEqual(many.map((s) => s.offsetMs));
  });

  it("answers empty for a call with nothing captured and skips malformed items", async () => {
    expect(await source.segments("nobody")).toEqual([]);
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: transcriptPartition("voice-4"), sk: "SEG#000000000001#X", participant: "BOT" },
      }),
    );
    expect(await source.segments("voice-4")).toEqual([]);
  });
});
