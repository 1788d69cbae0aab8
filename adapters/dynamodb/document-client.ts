import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface DocumentClientOptions {
  readonly region: string;
  /** Set for dynalite or another local endpoint; leave unset in AWS. */
  readonly endpoint?: string;
  /** Local endpoints accept any credentials; in AWS the default provider chain is used. */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  readonly maxAttempts?: number;
}

export interface DocumentClients {
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
}

export function createDocumentClients(options: DocumentClientOptions): DocumentClients {
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, documentClient };
}

/**
 * A bare client for the calls on every message (the inbox put, the live route read): it
 * resolves each command's middleware once (`cacheMiddleware`), which the DocumentClient
 * refuses, and takes typed attributes, so nothing is marshalled twice.
 */
export function createCachedDynamoClient(options: DocumentClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    cacheMiddleware: true,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}

/** True when a conditional write lost: somebody else wrote first. */
export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === "ConditionalCheckFailedException";
}
