import { randomUUID } from "node:crypto";
import { createDocumentClients } from "../adapters/dynamodb/document-client.ts";
import { DynamoIdempotencyStore } from "../adapters/dynamodb/dynamo-idempotency-store.ts";
import { DynamoSessionStore } from "../adapters/dynamodb/dynamo-session-store.ts";
import { ensureTable } from "../adapters/dynamodb/table-definition.ts";
import { newSession, transition } from "../core/session/deflection-session.ts";
import { startLocalDynamo } from "../emulators/dynamodb/local-dynamodb.ts";
import { measure, report } from "./measure.ts";

/** Session store round trips against in-memory dynalite (a local stand-in, not AWS latency). */
export async function run(): Promise<void> {
  const dynamo = await startLocalDynamo();
  const { client, documentClient } = createDocumentClients({
    region: "us-east-1",
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  const tableName = `bench-${randomUUID()}`;
  await ensureTable(client, tableName);
  const clock = { now: () => new Date() };
  const store = new DynamoSessionStore({ documentClient, tableName, clock });
  const claims = new DynamoIdempotencyStore({ documentClient, tableName, clock });
  try {
    const create = await measure({
      count: 2000,
      concurrency: 20,
      task: async (i) => {
        const session = newSession({
          voiceContactId: `voice-${i}`,
          instanceId: "i",
          queueId: "q",
          channel: "sms",
          address: { channel: "sms", handle: `+4479110${String(i).padStart(5, "0")}` },
          status: "accepted",
          at: clock.now(),
        });
        await store.createSession(session);
        await store.saveTransition(
          session,
          transition(session, { to: "message-sent", at: clock.now() }),
        );
      },
    });
    report("dynalite: create session + one transition", create);
    const dedupe = await measure({
      count: 4000,
      concurrency: 20,
      task: (i) =>
        claims.claim({
          key: `inbound#bench#m-${i % 2000}`,
          ttlSeconds: 60,
          leaseSeconds: 30,
        }),
    });
    report("dynalite: inbound claim (half repeats)", dedupe);
  } finally {
    client.destroy();
    await dynamo.close();
  }
}
