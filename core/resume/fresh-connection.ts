import type { ChatService } from "../ports/chat-service.ts";
import type { Clock } from "../ports/clock.ts";
import type { ChatConnectionRecord, ChatConnectionStore } from "./chat-connection-store.ts";

const DEFAULT_REFRESH_MARGIN_MS = 3600_000;

/**
 * The stored connection of a chat's customer, renewed when it is near its expiry (a
 * connection token lasts a day, protocols.md §4) from the participant token, which lasts as
 * long as the participant. Resume and the relay both write with it.
 */
export async function freshConnection(
  deps: {
    chats: Pick<ChatService, "connect">;
    connections: Pick<ChatConnectionStore, "saveConnection">;
    clock: Clock;
    marginMs?: number;
  },
  record: ChatConnectionRecord,
): Promise<ChatConnectionRecord> {
  const margin = deps.marginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const expiresAt = Date.parse(record.connectionExpiresAt);
  if (expiresAt - deps.clock.now().getTime() > margin) return record;
  const connection = await deps.chats.connect({
    participantToken: record.participantToken,
    websocket: false,
  });
  const renewed = {
    ...record,
    connectionToken: connection.connectionToken,
    connectionExpiresAt: connection.connectionExpiresAt.toISOString(),
  };
  await deps.connections.saveConnection(renewed);
  return renewed;
}
