import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import { type ChannelKind, isChannelKind } from "../../core/channel.ts";
import { parseQueuePolicy, type QueuePolicy } from "../../core/policy/queue-policy.ts";
import type { ThresholdPolicyStore } from "../../core/ports/threshold-policy-store.ts";
import { itemKeys, QUEUE_POLICY_LISTING } from "./item-keys.ts";
import { TABLE } from "./table-definition.ts";

export interface DynamoThresholdPolicyStoreOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Queue policies and their hysteresis state on the single table. */
export class DynamoThresholdPolicyStore implements ThresholdPolicyStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoThresholdPolicyStoreOptions) {
    this.#db = options.documentClient;
    this.#table = options.tableName;
  }

  async getPolicy(queueId: string): Promise<QueuePolicy | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: itemKeys.queuePolicy(queueId) }),
    );
    // Stored policies are validated again on the way out: a hand-edited item fails loudly.
    return Item ? parseQueuePolicy(Item.policy) : undefined;
  }

  async putPolicy(policy: QueuePolicy): Promise<void> {
    const valid = parseQueuePolicy(policy);
    await this.#db.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...itemKeys.queuePolicy(valid.queueId),
          [TABLE.listingIndex.partitionKey]: QUEUE_POLICY_LISTING,
          [TABLE.listingIndex.sortKey]: valid.queueId,
          policy: valid,
        },
      }),
    );
  }

  async listPolicies(): Promise<readonly QueuePolicy[]> {
    const policies: QueuePolicy[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: TABLE.listingIndex.name,
          KeyConditionExpression: "#listing = :listing",
          ExpressionAttributeNames: { "#listing": TABLE.listingIndex.partitionKey },
          ExpressionAttributeValues: { ":listing": QUEUE_POLICY_LISTING },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) policies.push(parseQueuePolicy(item.policy));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return policies;
  }

  async getActiveChannels(queueId: string): Promise<ReadonlySet<ChannelKind>> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: itemKeys.queueOfferState(queueId) }),
    );
    const stored: unknown = Item?.activeChannels;
    return new Set(
      Array.isArray(stored) ? stored.filter((v): v is ChannelKind => isChannelKind(String(v))) : [],
    );
  }

  async setActiveChannels(queueId: string, channels: ReadonlySet<ChannelKind>): Promise<void> {
    await this.#db.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...itemKeys.queueOfferState(queueId), activeChannels: [...channels].sort() },
      }),
    );
  }
}
