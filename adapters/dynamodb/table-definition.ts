import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";

/**
 * The one table of the product. infra/ builds the AWS table from these same names, so the
 * code and the stack cannot disagree about keys, the index or the TTL attribute.
 */
export const TABLE = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Epoch seconds; DynamoDB deletes the item some time after it passes. */
  ttlAttribute: "expiresAt",
  /** A general-purpose index for listings (all queue policies, ...). */
  listingIndex: { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
} as const;

export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: TABLE.partitionKey, AttributeType: "S" },
      { AttributeName: TABLE.sortKey, AttributeType: "S" },
      { AttributeName: TABLE.listingIndex.partitionKey, AttributeType: "S" },
      { AttributeName: TABLE.listingIndex.sortKey, AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: "HASH" },
      { AttributeName: TABLE.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: TABLE.listingIndex.name,
        KeySchema: [
          { AttributeName: TABLE.listingIndex.partitionKey, KeyType: "HASH" },
          { AttributeName: TABLE.listingIndex.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
    // As the stack has it: resume reads new inbox items from the stream.
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
  };
}

/**
 * Creates the table if it is missing (local development and tests; in AWS the stack owns
 * it). TTL is not switched on here: dynalite has no UpdateTimeToLive, and every read that
 * depends on expiry compares `expiresAt` itself, so behaviour is the same with or without it.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    // Another process created it between our describe and create.
    if ((error as { name?: string }).name !== "ResourceInUseException") throw error;
  }
  // Writes right after creation fail until the table is ACTIVE, even on a local endpoint.
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    }),
  );
}
