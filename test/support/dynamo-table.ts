import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { createDocumentClients } from "../../adapters/dynamodb/document-client.ts";
import { ensureTable } from "../../adapters/dynamodb/table-definition.ts";

/** A fresh table on the shared dynalite, so each test file starts from nothing. */
export async function freshTable(prefix = "deflect") {
  const clients = createDocumentClients({
    region: "us-east-1",
    endpoint: inject("dynamoEndpoint"),
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const tableName = `${prefix}-${randomUUID()}`;
  await ensureTable(clients.client, tableName);
  return { ...clients, tableName };
}
