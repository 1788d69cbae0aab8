import { NotFoundError } from "../errors.ts";
import type { ChatService } from "../ports/chat-service.ts";
import { freshConnection } from "../resume/fresh-connection.ts";
import type { RelayDeps } from "./relay-deps.ts";

/**
 * A live connection token of the chat's customer (the product's own side of the chat), from
 * the stored connection of the chat or of its first contact, renewed when near expiry.
 * Throws NotFoundError when neither is stored.
 */
export async function customerConnectionToken(
  deps: Pick<RelayDeps, "connections" | "clock"> & { chats: Pick<ChatService, "connect"> },
  options: { chatContactId: string; initialContactId?: string },
): Promise<string> {
  const initial = options.initialContactId;
  const record =
    (await deps.connections.getConnection(options.chatContactId)) ??
    (initial ? await deps.connections.getConnection(initial) : undefined);
  if (!record) {
    throw new NotFoundError(`no customer connection is stored for chat ${options.chatContactId}`, {
      details: { chatContactId: options.chatContactId },
    });
  }
  const fresh = await freshConnection(
    { chats: deps.chats, connections: deps.connections, clock: deps.clock },
    record,
  );
  return fresh.connectionToken;
}
