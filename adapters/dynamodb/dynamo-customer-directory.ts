import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ChannelKind } from "../../core/channel.ts";
import { ConflictError } from "../../core/errors.ts";
import type {
  ConsentRecord,
  CustomerDirectory,
  CustomerProfile,
} from "../../core/ports/customer-directory.ts";
import { isConditionFailure } from "./document-client.ts";
import { itemKeys } from "./item-keys.ts";

export interface DynamoCustomerDirectoryOptions {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Attempts at an optimistic read-modify-write before giving up (default 5). */
  readonly maxAttempts?: number;
}

interface ProfileItem extends CustomerProfile {
  readonly consentLog: readonly ConsentRecord[];
}

/**
 * CustomerDirectory on the single table. The consent audit trail lives in the profile item
 * itself, so a consent change and its audit entry are one conditional write: dynalite has no
 * transactions, and neither needs them.
 */
export class DynamoCustomerDirectory implements CustomerDirectory {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #maxAttempts: number;

  constructor(options: DynamoCustomerDirectoryOptions) {
    this.#db = options.documentClient;
    this.#table = options.tableName;
    this.#maxAttempts = options.maxAttempts ?? 5;
  }

  async getCustomer(customerKey: string): Promise<CustomerProfile | undefined> {
    const item = await this.#read(customerKey);
    if (!item) return undefined;
    const { consentLog: _log, ...profile } = item;
    return profile;
  }

  setPreference(options: {
    customerKey: string;
    preferredChannel: ChannelKind;
    handle?: string;
  }): Promise<CustomerProfile> {
    return this.#update(options.customerKey, (item) => ({
      ...item,
      preferredChannel: options.preferredChannel,
      handles: options.handle
        ? { ...item.handles, [options.preferredChannel]: options.handle }
        : item.handles,
    }));
  }

  recordConsent(options: { customerKey: string; record: ConsentRecord }): Promise<CustomerProfile> {
    const { record } = options;
    return this.#update(options.customerKey, (item) => ({
      ...item,
      consent: { ...item.consent, [record.channel]: record.status },
      consentLog: [...item.consentLog, record],
    }));
  }

  async consentHistory(customerKey: string): Promise<readonly ConsentRecord[]> {
    return (await this.#read(customerKey))?.consentLog ?? [];
  }

  async #read(customerKey: string): Promise<ProfileItem | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: itemKeys.customer(customerKey),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...item } = Item;
    return item as ProfileItem;
  }

  async #update(
    customerKey: string,
    change: (item: ProfileItem) => ProfileItem,
  ): Promise<CustomerProfile> {
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      const current = (await this.#read(customerKey)) ?? emptyProfile(customerKey);
      const next = { ...change(current), version: current.version + 1 };
      try {
        await this.#db.send(
          new PutCommand({
            TableName: this.#table,
            Item: { ...itemKeys.customer(customerKey), ...next },
            ConditionExpression:
              current.version === 0 ? "attribute_not_exists(pk)" : "version = :version",
            ...(current.version === 0
              ? {}
              : { ExpressionAttributeValues: { ":version": current.version } }),
          }),
        );
        const { consentLog: _log, ...profile } = next;
        return profile;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new ConflictError(
      `customer profile kept changing under us after ${this.#maxAttempts} attempts`,
    );
  }
}

function emptyProfile(customerKey: string): ProfileItem {
  return { customerKey, handles: {}, consent: {}, consentLog: [], version: 0 };
}
