import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { addressKey, type CustomerAddress } from "../../core/channel.ts";
import type { LiveRoute, LiveRoutes } from "../../core/resume/live-routes.ts";
import { isConditionFailure } from "./document-client.ts";
import { TokenCipher } from "./dynamo-chat-connection-store.ts";
import { itemKeys } from "./item-keys.ts";

/**
 * The live routes on the address pointers (`ADDR#…`/`POINTER`): a route sits beside the
 * pointer's session id, so the one read that finds the session's id finds its chat too. The
 * connection token is sealed as resume's connection records seal it, bound to its chat.
 * `routeWithdrawnAtVersion` is the session version the store withdrew the route from
 * (routeWithdrawal), so a resume that read the session before cannot publish it back.
 * Bare client, typed attributes: this read is on every customer message, and the document
 * client's marshalling and uncached middleware cost more than the call itself.
 */
export class DynamoLiveRoutes implements LiveRoutes {
  readonly #db: DynamoDBClient;
  readonly #table: string;
  readonly #cipher: TokenCipher;
  /** Opened tokens by their sealed form: a chat's route is read on each of its messages. */
  readonly #opened = new Map<string, string>();

  constructor(options: {
    /** Best built with `cacheMiddleware: true` (dynamoClientOptions). */
    client: DynamoDBClient;
    tableName: string;
    /** The key resume seals connection tokens with (32 bytes). */
    encryptionKey: Buffer;
  }) {
    this.#db = options.client;
    this.#table = options.tableName;
    this.#cipher = new TokenCipher(options.encryptionKey);
  }

  async find(address: CustomerAddress): Promise<LiveRoute | undefined> {
    const { Item } = await this.#db.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: typedKey(address),
        ConsistentRead: true,
        ProjectionExpression: ROUTE_PROJECTION,
        ExpressionAttributeNames: { "#route": "route" },
      }),
    );
    return Item ? this.#route(Item) : undefined;
  }

  async findEach(
    addresses: readonly CustomerAddress[],
  ): Promise<ReadonlyMap<string, LiveRoute | null>> {
    // One key per address (BatchGetItem refuses a repeated key), at most 100 a request.
    const byPk = new Map(addresses.map((address) => [typedKey(address).pk.S, address]));
    const found = new Map<string, LiveRoute | null>();
    const distinct = [...byPk.values()];
    for (let start = 0; start < distinct.length; start += BATCH_GET_MAX_KEYS) {
      const chunk = distinct.slice(start, start + BATCH_GET_MAX_KEYS);
      const answer = await this.#db.send(
        new BatchGetItemCommand({
          RequestItems: {
            [this.#table]: {
              Keys: chunk.map(typedKey),
              ConsistentRead: true,
              ProjectionExpression: `pk, ${ROUTE_PROJECTION}`,
              ExpressionAttributeNames: { "#route": "route" },
            },
          },
        }),
      );
      const unread = new Set(
        (answer.UnprocessedKeys?.[this.#table]?.Keys ?? []).map((key) => key.pk?.S),
      );
      const items = new Map(
        (answer.Responses?.[this.#table] ?? []).map((item) => [item.pk?.S, item]),
      );
      for (const address of chunk) {
        const { pk } = typedKey(address);
        // Keys the table did not get to (throughput) are left for `find` to read.
        if (unread.has(pk.S)) continue;
        const item = items.get(pk.S);
        found.set(addressKey(address), (item && this.#route(item)) ?? null);
      }
    }
    return found;
  }

  #route(item: Record<string, AttributeValue>): LiveRoute | undefined {
    const voiceContactId = item.voiceContactId?.S;
    const route = item.route?.M;
    const chatContactId = route?.chatContactId?.S;
    const sealed = route?.connectionTokenSealed?.S;
    const connectionExpiresAt = route?.connectionExpiresAt?.S;
    // The route is the pointer's session's: publish requires it, and a new session's
    // pointer replaces the item.
    if (!voiceContactId || !chatContactId || !sealed || !connectionExpiresAt) return undefined;
    const firstReplyMessageId = route.firstReplyMessageId?.S;
    return {
      voiceContactId,
      chatContactId,
      connectionToken: this.#open(sealed, chatContactId),
      connectionExpiresAt,
      ...(firstReplyMessageId ? { firstReplyMessageId } : {}),
    };
  }

  async publish(options: {
    address: CustomerAddress;
    route: LiveRoute;
    sessionVersion: number;
  }): Promise<void> {
    const { route } = options;
    const sealed = this.#cipher.seal(route.connectionToken, route.chatContactId);
    const stored: Record<string, AttributeValue> = {
      chatContactId: { S: route.chatContactId },
      connectionTokenSealed: { S: sealed },
      connectionExpiresAt: { S: route.connectionExpiresAt },
      ...(route.firstReplyMessageId
        ? { firstReplyMessageId: { S: route.firstReplyMessageId } }
        : {}),
    };
    try {
      await this.#db.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: typedKey(options.address),
          UpdateExpression: "SET #route = :route, routeVersion = :version",
          ConditionExpression:
            "voiceContactId = :voiceContactId" +
            " AND (attribute_not_exists(routeWithdrawnAtVersion) OR routeWithdrawnAtVersion < :version)" +
            " AND (attribute_not_exists(routeVersion) OR routeVersion <= :version)",
          ExpressionAttributeNames: { "#route": "route" },
          ExpressionAttributeValues: {
            ":route": { M: stored },
            ":version": { N: String(options.sessionVersion) },
            ":voiceContactId": { S: route.voiceContactId },
          },
        }),
      );
    } catch (error) {
      // Another session has the address, or the route was withdrawn since: nothing to publish.
      if (!isConditionFailure(error)) throw error;
    }
  }

  #open(sealed: string, chatContactId: string): string {
    // The sealed form binds the chat (associated data), so the key holds both.
    const key = `${chatContactId} ${sealed}`;
    const known = this.#opened.get(key);
    if (known !== undefined) return known;
    const token = this.#cipher.open(sealed, chatContactId);
    if (this.#opened.size >= OPENED_TOKENS_KEPT) {
      this.#opened.delete(this.#opened.keys().next().value as string);
    }
    this.#opened.set(key, token);
    return token;
  }
}

const OPENED_TOKENS_KEPT = 1_000;
/** BatchGetItem's limit on keys a request. */
const BATCH_GET_MAX_KEYS = 100;
const ROUTE_PROJECTION = "voiceContactId, #route";

/**
 * The update that withdraws an address's route before its session, at `fromVersion`, leaves
 * the live statuses (DynamoSessionStore.saveTransition): from then on no route points at the
 * chat, and no resume that read the session at `fromVersion` or earlier can publish one.
 */
export function routeWithdrawal(options: {
  address: CustomerAddress;
  voiceContactId: string;
  fromVersion: number;
}) {
  return {
    Key: itemKeys.address(options.address),
    UpdateExpression: "REMOVE #route SET routeWithdrawnAtVersion = :version",
    ConditionExpression: "voiceContactId = :voiceContactId",
    ExpressionAttributeNames: { "#route": "route" },
    ExpressionAttributeValues: {
      ":version": options.fromVersion,
      ":voiceContactId": options.voiceContactId,
    },
  };
}

function typedKey(address: CustomerAddress) {
  const { pk, sk } = itemKeys.address(address);
  return { pk: { S: pk }, sk: { S: sk } };
}
