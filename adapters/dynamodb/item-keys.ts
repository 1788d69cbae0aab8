import { addressKey, type CustomerAddress } from "../../core/channel.ts";
import type { ChatOpening } from "../../core/ports/chat-connection-store.ts";

/** Key prefixes of the single table (DESIGN.md, "Storage"). */
export const itemKeys = {
  session: (voiceContactId: string) => ({ pk: `CONTACT#${voiceContactId}`, sk: "SESSION" }),
  address: (address: CustomerAddress) => ({ pk: `ADDR#${addressKey(address)}`, sk: "POINTER" }),
  chat: (chatContactId: string) => ({ pk: `CHAT#${chatContactId}`, sk: "POINTER" }),
  idempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: "CLAIM" }),
  customer: (customerKey: string) => ({ pk: `CUST#${customerKey}`, sk: "PROFILE" }),
  queuePolicy: (queueId: string) => ({ pk: `CONFIG#QUEUE#${queueId}`, sk: "POLICY" }),
  metricSnapshot: (key: string) => ({ pk: `METRICS#${key}`, sk: "SNAPSHOT" }),
  funnel: (queueId: string, day: string) => ({ pk: `FUNNEL#${queueId}`, sk: day }),
  queueOfferState: (queueId: string) => ({ pk: `CONFIG#QUEUE#${queueId}`, sk: "OFFER_STATE" }),
  rateBudget: (budget: string) => ({ pk: `PACE#${budget}`, sk: "BUDGET" }),
  lineEntry: (voiceContactId: string) => ({ pk: WAITING_LINE, sk: voiceContactId }),
  parkedMessage: (voiceContactId: string, provider: string, providerMessageId: string) => ({
    pk: parkedPartition(voiceContactId),
    sk: `MSG#${provider}#${providerMessageId}`,
  }),
  /** The session's first chat keeps the plain sort key; each reopening gets its own. */
  firstReply: (opening: ChatOpening) => ({
    pk: `CONTACT#${opening.voiceContactId}`,
    sk: opening.previousChatContactId
      ? `FIRST_REPLY#AFTER#${opening.previousChatContactId}`
      : "FIRST_REPLY",
  }),
  /** The chat's customer connection, and the relay's cursor beside it. */
  chatConnection: (chatContactId: string) => ({ pk: `CHATCONN#${chatContactId}`, sk: "CUSTOMER" }),
  relayCursor: (chatContactId: string) => ({ pk: `CHATCONN#${chatContactId}`, sk: "RELAY_CURSOR" }),
  /** One customer's inbox partition, one item per provider message id. */
  inboxMessage: (from: CustomerAddress, provider: string, providerMessageId: string) => ({
    pk: `INBOX#${addressKey(from)}`,
    sk: `MSG#${provider}#${providerMessageId}`,
  }),
  liveChat: (shard: number, chatContactId: string) => ({
    pk: liveChatPartition(shard),
    sk: chatContactId,
  }),
} as const;

/** One listing shard of the live chats (websocket mode). */
export const liveChatPartition = (shard: number) => `LIVECHAT#${shard}`;
/** A call's transcript segments (`SEG#<offset>#<participant>` items). */
export const transcriptPartition = (contactId: string) => `TRANSCRIPT#${contactId}`;

export const QUEUE_POLICY_LISTING = "CONFIG#QUEUE";
/** Where a session's parked messages are kept (waiting for a chat slot). */
export const parkedPartition = (voiceContactId: string) => `PARKED#${voiceContactId}`;

/** The one partition of the waiting line: an entry per session waiting for a chat. */
export const WAITING_LINE = "WAITLINE";

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
