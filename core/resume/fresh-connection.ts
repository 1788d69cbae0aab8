import type { ChatConnectionRecord, ChatConnectionStore } from "../ports/chat-connection-store.ts";
import type { ChatService } from "../ports/chat-service.ts";
import type { Clock } from "../ports/clock.ts";

const DEFAULT_REFRESH_MARGIN_MS = 3600_000;

/** True when a connection expires within the margin (default an hour): time to renew it. */
export function isNearExpiry(options: {
  connectionExpiresAt: string;
  now: Date;
  marginMs?: number | undefined;
}): boolean {
  const expiresAt = Date.parse(options.connectionExpiresAt);
  const margin = options.marginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  return !(expiresAt - options.now.getTime() > margin);
}

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
  if (!isNearExpiry({ ...record, now: deps.clock.now(), marginMs: deps.marginMs })) return record;
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
