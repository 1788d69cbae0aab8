import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Which function a DynamoDB client belongs to; other clients' calls are not counted. */
export type Phase = "webhook" | "routing";

type InboxImage = Record<string, AttributeValue>;

interface Middleware {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: unknown }) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: { input: unknown }) => Promise<unknown>,
      options: { step: "build"; name: string },
    ): void;
  };
}

/**
 * Counts the DynamoDB calls of the product's functions per phase and command, and stands in
 * for the table's stream: every committed put of an INBOX# item is handed to `onInboxInsert`
 * with its typed image, as a stream INSERT record's NewImage would carry it.
 *
 * The functions build their own clients inside wireWebhooks/wireResume, so the tap is added
 * to every client DynamoDBDocumentClient.from makes while installed (an SDK middleware at the
 * build step, after lib-dynamodb has marshalled the input: one count per call, retries not
 * included), labelled with the phase `wiring` was building. Labelling clients rather than
 * calls keeps async_hooks (AsyncLocalStorage) out of the measured process. `uninstall()` puts
 * `from` back.
 */
export class DynamoTap {
  #wiring: Phase | undefined;
  readonly #counts = new Map<string, number>();
  readonly #original = DynamoDBDocumentClient.from;
  onInboxInsert: (image: InboxImage) => void = () => {};

  install(): void {
    const original = this.#original;
    DynamoDBDocumentClient.from = (client, translateConfig) => {
      (client as unknown as Middleware).middlewareStack.add(this.#middleware(this.#wiring), {
        step: "build",
        name: "benchDynamoTap",
      });
      return original.call(DynamoDBDocumentClient, client, translateConfig);
    };
  }

  uninstall(): void {
    DynamoDBDocumentClient.from = this.#original;
  }

  /** Builds a function's dependencies; the DynamoDB clients made meanwhile count as `phase`. */
  wiring<T>(phase: Phase, build: () => T): T {
    this.#wiring = phase;
    try {
      return build();
    } finally {
      this.#wiring = undefined;
    }
  }

  /** Calls per phase and command ("webhook PutItem": 2000), from the last reset on. */
  counts(): ReadonlyMap<string, number> {
    return new Map(this.#counts);
  }

  reset(): void {
    this.#counts.clear();
  }

  #middleware(phase: Phase | undefined) {
    return (
      next: (args: { input: unknown }) => Promise<unknown>,
      context: { commandName?: string },
    ) =>
      async (args: { input: unknown }) => {
        const command = (context.commandName ?? "?").replace(/Command$/, "");
        if (phase)
          this.#counts.set(
            `${phase} ${command}`,
            (this.#counts.get(`${phase} ${command}`) ?? 0) + 1,
          );
        const output = await next(args);
        const item = (args.input as { Item?: InboxImage }).Item;
        // Only a committed write reaches the stream; a refused conditional put throws above.
        if (command === "PutItem" && item?.pk?.S?.startsWith("INBOX#")) this.onInboxInsert(item);
        return output;
      };
  }
}
