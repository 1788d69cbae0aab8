import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClients } from "../adapters/dynamodb/document-client.ts";
import { ensureTable } from "../adapters/dynamodb/table-definition.ts";
import { startLocalDynamo } from "../emulators/dynamodb/local-dynamodb.ts";
import { measure } from "./measure.ts";

const CALLS = 3_000;
const CONCURRENCY = 16;
const ROUNDS = 3;
const CREDENTIALS = { accessKeyId: "bench", secretAccessKey: "bench" };

/**
 * What one AWS SDK call costs the calling process in CPU, the floor under every figure of
 * the webhook → chat bench (a message there is a handful of such calls). One GetItem against
 * dynalite in a child process, so this process's CPU is the client's alone: through the
 * DocumentClient the product uses, through the bare client with the SDK's cacheMiddleware,
 * and as a plain HTTP POST of the same JSON (no SDK: the transport's own share). Median of
 * ROUNDS runs each.
 */
export async function run(): Promise<void> {
  const dynamo = await startLocalDynamo({ inChildProcess: true });
  const options = { region: "us-east-1", endpoint: dynamo.endpoint, credentials: CREDENTIALS };
  const { client, documentClient } = createDocumentClients(options);
  const cached = new DynamoDBClient({ ...options, cacheMiddleware: true });
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const tableName = `bench-${randomUUID()}`;
    await ensureTable(client, tableName);
    const key = { pk: "CONTACT#bench", sk: "SESSION" };
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...key, v: "x" } }));
    const typedKey = { pk: { S: key.pk }, sk: { S: key.sk } };
    const calls = {
      "DocumentClient GetCommand": () =>
        documentClient.send(new GetCommand({ TableName: tableName, Key: key })),
      "DynamoDBClient GetItem, cacheMiddleware": () =>
        cached.send(new GetItemCommand({ TableName: tableName, Key: typedKey })),
      "plain HTTP POST, no SDK": () =>
        plainGetItem({
          endpoint: dynamo.endpoint,
          agent,
          body: { TableName: tableName, Key: typedKey },
        }),
    };
    for (const [label, call] of Object.entries(calls)) {
      const rounds: { cpuMs: number; perSecond: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) rounds.push(await cpuPerCall(call));
      const median = rounds.sort((a, b) => a.cpuMs - b.cpuMs)[Math.floor(ROUNDS / 2)];
      console.log(
        `GetItem, ${label.padEnd(40)} CPU ${median?.cpuMs.toFixed(3)} ms a call in this process (${median?.perSecond.toFixed(0)}/s at c=${CONCURRENCY})`,
      );
    }
  } finally {
    agent.destroy();
    client.destroy();
    cached.destroy();
    await dynamo.close();
  }
}

async function cpuPerCall(call: () => Promise<unknown>) {
  await measure({ count: 300, concurrency: CONCURRENCY, task: call });
  const before = process.cpuUsage();
  const summary = await measure({ count: CALLS, concurrency: CONCURRENCY, task: call });
  const used = process.cpuUsage(before);
  return { cpuMs: (used.user + used.system) / 1000 / CALLS, perSecond: summary.perSecond };
}

/** dynalite checks that a request is signed, not the signature, so a fixed header passes. */
function plainGetItem(options: { endpoint: string; agent: Agent; body: unknown }): Promise<void> {
  const url = new URL(options.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: "/",
        agent: options.agent,
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.GetItem",
          "x-amz-date": "20260101T000000Z",
          authorization:
            "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        },
      },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`dynalite answered ${res.statusCode}`));
        res.resume();
        res.on("end", () => resolve());
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(options.body));
  });
}
