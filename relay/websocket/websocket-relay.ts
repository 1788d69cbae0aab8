import type { LiveChatList } from "../../core/ports/live-chat-list.ts";
import { CHAT_EVENT, type ChatItem } from "../../core/relay/chat-item.ts";
import { relayChatItem } from "../../core/relay/relay-chat-item.ts";
import type { RelayDeps } from "../../core/relay/relay-deps.ts";
import type { RelayOutcome } from "../../core/relay/relay-outcome.ts";
import type { RelayLogger } from "../relay-logger.ts";
import { type CatchUpTiming, ChatCatchUps } from "./chat-catch-up.ts";
import { endedWhileAway } from "./ended-while-away.ts";
import { HoldBackoff } from "./hold-backoff.ts";
import type { CloseReason } from "./participant-socket.ts";
import { runWebsocketRelay, type SignalSource } from "./run-websocket-relay.ts";
import type { DrainResult, SocketPool } from "./socket-pool.ts";
import type { SocketTiming } from "./socket-timing.ts";

export interface StartWebsocketRelayOptions {
  readonly deps: RelayDeps;
  readonly liveChats: LiveChatList;
  readonly logger: RelayLogger;
  /** `process` in the entry point: SIGTERM and SIGINT drain the relay. */
  readonly signals: SignalSource;
  /** How often the live chats are listed (default 2 s). */
  readonly pollMs?: number;
  /** Sockets being opened at once; CreateParticipantConnection allows 6 rps (protocols.md §9). */
  readonly maxConcurrentHolds?: number;
  /** How long a drain may wait for in-flight items (default 20 s, inside ECS's 30 s). */
  readonly drainTimeoutMs?: number;
  readonly timing?: Partial<SocketTiming>;
  readonly catchUp?: Partial<CatchUpTiming>;
  readonly random?: () => number;
  /** What the relay did with each item it received, for a runner's counters or a test. */
  readonly onOutcome?: (outcome: RelayOutcome, item: ChatItem) => void;
  readonly onDrained?: (result: DrainResult, signal: NodeJS.Signals) => void;
}

export interface RunningWebsocketRelay {
  readonly pool: SocketPool;
  /** Lists the live chats now and starts holding the new ones (the timer does this too). */
  poll(): Promise<void>;
  /** Stops polling and drains the pool; safe to call more than once. */
  stop(): Promise<DrainResult>;
}

/**
 * The relay for installations without chat streaming: one participant websocket per live
 * chat, each item relayed as the streaming relay would. A chat is caught up from its
 * transcript whenever its socket (re)opens or a send fails, so what the agent wrote while no
 * socket was open, or what failed to send, goes out once and in order.
 */
export function startWebsocketRelay(options: StartWebsocketRelayOptions): RunningWebsocketRelay {
  const { deps, liveChats, logger } = options;
  const pollMs = options.pollMs ?? 2_000;
  const maxHolds = options.maxConcurrentHolds ?? 5;
  const holding = new Set<string>();
  const backoff = new HoldBackoff({ firstMs: pollMs, maxMs: 5 * 60_000 });
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  const relay = runWebsocketRelay({
    signals: options.signals,
    drainTimeoutMs: options.drainTimeoutMs ?? 20_000,
    logger,
    connect: (connect) => deps.chats.connect(connect),
    onItem: (item, chatContactId) => handleItem(item, chatContactId),
    // Already in the chat's queue: catch up here, not behind this very task.
    onReconnected: (chatContactId) => catchUps.catchUpHere(chatContactId),
    onClosed: (chatContactId, reason) => onClosed(chatContactId, reason),
    onStopping: () => {
      stopping = true;
      clearTimeout(timer);
      catchUps.stop();
    },
    ...(options.onDrained ? { onDrained: options.onDrained } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const { pool } = relay;
  const catchUps = new ChatCatchUps({
    deps,
    pool,
    logger,
    ...(options.catchUp ? { timing: options.catchUp } : {}),
    ...(options.random ? { random: options.random } : {}),
  });

  async function handleItem(item: ChatItem, chatContactId: string): Promise<void> {
    const relayItem = async () => {
      // Awaited first: `onOutcome?.(await …)` would skip the relay when no one listens.
      const outcome = await relayChatItem(deps, item);
      options.onOutcome?.(outcome, item);
      // Unlisted only once the end is handled (last words, closing message, session ended):
      // a failed end stays listed, so its retry, or a later refused hold, finishes it.
      if (item.contentType === CHAT_EVENT.chatEnded) await unlist(chatContactId);
    };
    try {
      await relayItem();
    } catch (error) {
      // A message is covered by a catch-up of the chat; an event (the agent joining, the
      // chat ending) is retried itself, since it does more than send messages.
      const task = item.type === "EVENT" ? { id: item.id, run: relayItem } : undefined;
      catchUps.retry(chatContactId, { error, ...(task ? { task } : {}) });
    }
  }

  function onClosed(chatContactId: string, reason: CloseReason): void {
    if (reason === "released") return;
    if (reason === "ended") {
      backoff.forget(chatContactId);
      return;
    }
    const delayMs = backoff.fail(chatContactId);
    logger.warn("lost a chat's websocket for good; a later poll holds it again", {
      chatContactId,
      reason,
      delayMs,
    });
    if (reason === "refused") void settleIfEnded(chatContactId);
  }

  async function unlist(chatContactId: string): Promise<void> {
    await liveChats.remove(chatContactId).catch((error: unknown) =>
      logger.warn("could not unlist an ended chat; it lapses on its own", {
        chatContactId,
        error: messageOf(error),
      }),
    );
  }

  /** A refused socket may mean the chat ended while no socket was open: end it as if seen. */
  async function settleIfEnded(chatContactId: string): Promise<void> {
    try {
      const ended = await endedWhileAway(deps, chatContactId);
      if (!ended) return;
      // No socket was open: the chat's last items came unseen, so its end goes the
      // transcript way, which sends them first.
      await deps.cursors.holdOrder(chatContactId, deps.clock.now().toISOString());
      // Unlisted only once handled: a failure leaves it for the next refused hold.
      const outcome = await relayChatItem(deps, ended);
      options.onOutcome?.(outcome, ended);
      backoff.forget(chatContactId);
      await liveChats.remove(chatContactId);
    } catch (error) {
      logger.warn("could not settle a chat Connect refused; a later poll retries", {
        chatContactId,
        error: messageOf(error),
      });
    }
  }

  async function hold(chatContactId: string): Promise<void> {
    holding.add(chatContactId);
    try {
      const record = await deps.connections.getConnection(chatContactId);
      if (!record) {
        const delayMs = backoff.fail(chatContactId);
        logger.warn("no customer connection is stored for a live chat; skipped for now", {
          chatContactId,
          delayMs,
        });
        return;
      }
      await pool.hold({ chatContactId, participantToken: record.participantToken });
      backoff.forget(chatContactId);
      // A fresh socket (first hold, or after a restart): send what came while none was open.
      void catchUps.catchUp(chatContactId);
    } catch (error) {
      // A socket that gave up has been counted by onClosed already.
      if (stopping || backoff.waiting(chatContactId)) return;
      const delayMs = backoff.fail(chatContactId);
      logger.warn("could not hold a chat's websocket; a later poll retries", {
        chatContactId,
        error: messageOf(error),
        delayMs,
      });
    } finally {
      holding.delete(chatContactId);
    }
  }

  async function poll(): Promise<void> {
    if (stopping) return;
    let listed: string[];
    try {
      listed = await liveChats.list();
    } catch (error) {
      logger.error("listing the live chats failed", { error: messageOf(error) });
      return;
    }
    backoff.retain(new Set(listed));
    const fresh = listed.filter((id) => !pool.get(id) && !holding.has(id) && !backoff.waiting(id));
    for (const chatContactId of fresh.slice(0, Math.max(0, maxHolds - holding.size))) {
      if (stopping) return;
      void hold(chatContactId);
    }
  }

  const schedule = () => {
    timer = setTimeout(() => {
      void poll().finally(() => {
        if (!stopping) schedule();
      });
    }, pollMs);
  };
  void poll();
  schedule();
  return { pool, poll, stop: relay.stop };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
