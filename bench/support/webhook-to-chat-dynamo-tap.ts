import { type AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

type InboxImage = Record<string, AttributeValue>;

type Send = (
  this: unknown,
  command: { input?: unknown; constructor: { name: string } },
  ...rest: unknown[]
) => Promise<unknown>;
type Sender = { prototype: { send: Send } };

/**
 * Counts the DynamoDB calls of this process per phase and operation, and stands in for the
 * table's stream: every committed put of an INBOX# item is handed to `onInboxInsert` with its
 * typed image, as a stream INSERT record's NewImage would carry it.
 *
 * The functions build their own clients (document clients, and bare ones for the calls on
 * every message), so the tap wraps `send` of both client classes while installed: one count
 * a call, retries not included. The phase comes from the item the call is about: an INBOX#
 * put is the webhook function's, a SIMPLE# key the simple design's, anything else routing's
 * (in this bench the webhook function writes nothing else). Nothing runs per call beyond a
 * map update, and no async_hooks. `uninstall()` puts `send` back.
 */
export class DynamoTap {
  readonly #counts = new Map<string, number>();
  readonly #originals = new Map<Sender, Send>();
  onInboxInsert: (image: InboxImage) => void = () => {};

  install(): void {
    for (const sender of [DynamoDBClient, DynamoDBDocumentClient] as unknown as Sender[]) {
      const original = sender.prototype.send;
      this.#originals.set(sender, original);
      const tap = this;
      sender.prototype.send = async function (command, ...rest) {
        const operation = operationOf(command.constructor.name);
        const input = command.input as {
          Item?: InboxImage;
          Key?: Record<string, unknown>;
          ExpressionAttributeValues?: Record<string, unknown>;
        };
        const pk = keyOf(
          input.Item?.pk ?? input.Key?.pk ?? input.ExpressionAttributeValues?.[":pk"],
        );
        const phase = pk.startsWith("INBOX#")
          ? "webhook"
          : pk.startsWith("SIMPLE#")
            ? "simple"
            : "routing";
        const key = `${phase} ${operation}`;
        tap.#counts.set(key, (tap.#counts.get(key) ?? 0) + 1);
        const output = await original.call(this, command, ...rest);
        // Only a committed write reaches the stream; a refused conditional put throws above.
        if (operation === "PutItem" && phase === "webhook" && input.Item)
          tap.onInboxInsert(input.Item);
        return output;
      };
    }
  }

  uninstall(): void {
    for (const [sender, original] of this.#originals) sender.prototype.send = original;
    this.#originals.clear();
  }

  /** Calls per phase and operation ("webhook PutItem": 2000), from the last reset on. */
  counts(): ReadonlyMap<string, number> {
    return new Map(this.#counts);
  }

  reset(): void {
    this.#counts.clear();
  }
}

/** DynamoDB's own operation name, whichever client sent it (`UpdateCommand` → UpdateItem). */
function operationOf(commandName: string): string {
  const name = commandName.replace(/Command$/, "");
  return ["Put", "Get", "Update", "Delete"].includes(name) ? `${name}Item` : name;
}

/** A key's partition: typed (`{ S }`) from a bare client, plain from a document client. */
function keyOf(value: unknown): string {
  if (typeof value === "string") return value;
  const typed = (value as { S?: unknown } | undefined)?.S;
  return typeof typed === "string" ? typed : "";
}
