import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type LocalDynamo, startLocalDynamo } from "./local-dynamodb.ts";

const opened: { dynamo: LocalDynamo; client: DynamoDBClient }[] = [];
afterEach(async () => {
  for (const { dynamo, client } of opened.splice(0)) {
    client.destroy();
    await dynamo.close();
  }
});

async function open(path?: string) {
  const dynamo = await startLocalDynamo(path ? { path } : {});
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  opened.push({ dynamo, client });
  return client;
}

// dynalite answers CreateTable and DeleteTable before the table is ACTIVE or gone (a timer of
// 0 ms that a busy machine runs late), as DynamoDB does: the next call on it waits.
const status = (client: DynamoDBClient, name: string) =>
  client.send(new DescribeTableCommand({ TableName: name })).then(
    (d) => d.Table?.TableStatus,
    (error: unknown) => {
      if (error instanceof ResourceNotFoundException) return "GONE";
      throw error;
    },
  );
const becomes = (client: DynamoDBClient, name: string, wanted: string) =>
  vi.waitFor(async () => expect(await status(client, name)).toBe(wanted), {
    timeout: 10_000,
    interval: 20,
  });

const table = (name: string, stream?: "NEW_IMAGE") =>
  new CreateTableCommand({
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } } : {}),
  });

describe("local DynamoDB: stream and TTL settings through the official client", () => {
  it("describes the stream a table was created with, and none for a table without", async () => {
    const client = await open();
    const created = await client.send(table("with-stream", "NEW_IMAGE"));
    expect(created.TableDescription?.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: "NEW_IMAGE",
    });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: "with-stream" }));
    expect(Table?.LatestStreamArn).toBe(`${Table?.TableArn}/stream/${Table?.LatestStreamLabel}`);
    await client.send(table("plain"));
    const plain = await client.send(new DescribeTableCommand({ TableName: "plain" }));
    expect(plain.Table?.StreamSpecification).toBeUndefined();
    expect(plain.Table?.LatestStreamArn).toBeUndefined();
  });

  it("turns a stream on and off with UpdateTable; items are untouched", async () => {
    const client = await open();
    await client.send(table("updated"));
    await becomes(client, "updated", "ACTIVE");
    await client.send(new PutItemCommand({ TableName: "updated", Item: { pk: { S: "a" } } }));
    const on = await client.send(
      new UpdateTableCommand({
        TableName: "updated",
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      }),
    );
    expect(on.TableDescription?.StreamSpecification?.StreamViewType).toBe("NEW_AND_OLD_IMAGES");
    await becomes(client, "updated", "ACTIVE");
    await client.send(
      new UpdateTableCommand({
        TableName: "updated",
        StreamSpecification: { StreamEnabled: false },
      }),
    );
    const off = await client.send(new DescribeTableCommand({ TableName: "updated" }));
    expect(off.Table?.StreamSpecification).toBeUndefined();
    const item = await client.send(
      new GetItemCommand({ TableName: "updated", Key: { pk: { S: "a" } } }),
    );
    expect(item.Item).toEqual({ pk: { S: "a" } });
  });

  it("keeps time to live per table; unknown tables answer ResourceNotFoundException", async () => {
    const client = await open();
    await client.send(table("expiring"));
    await becomes(client, "expiring", "ACTIVE");
    const before = await client.send(new DescribeTimeToLiveCommand({ TableName: "expiring" }));
    expect(before.TimeToLiveDescription).toEqual({ TimeToLiveStatus: "DISABLED" });
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: "expiring",
        TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
      }),
    );
    const after = await client.send(new DescribeTimeToLiveCommand({ TableName: "expiring" }));
    expect(after.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: "ENABLED",
      AttributeName: "expiresAt",
    });
    const missing = client.send(
      new UpdateTimeToLiveCommand({
        TableName: "absent",
        TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
      }),
    );
    await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("keeps the settings on disk with the data, and forgets them with the table", async () => {
    const path = await mkdtemp(join(tmpdir(), "dynamo-settings-"));
    const first = await open(path);
    await first.send(table("kept", "NEW_IMAGE"));
    await first.send(table("dropped", "NEW_IMAGE"));
    await becomes(first, "dropped", "ACTIVE");
    await first.send(new DeleteTableCommand({ TableName: "dropped" }));
    await becomes(first, "dropped", "GONE");
    await first.send(table("dropped"));
    await becomes(first, "dropped", "ACTIVE");
    await becomes(first, "kept", "ACTIVE");
    const { dynamo, client } = opened.pop() ?? { dynamo: undefined, client: undefined };
    client?.destroy();
    await dynamo?.close();
    const again = await open(path);
    const kept = await again.send(new DescribeTableCommand({ TableName: "kept" }));
    expect(kept.Table?.StreamSpecification?.StreamViewType).toBe("NEW_IMAGE");
    const dropped = await again.send(new DescribeTableCommand({ TableName: "dropped" }));
    expect(dropped.Table?.StreamSpecification).toBeUndefined();
  });
});
