import type { ChatConnectionStore } from "../ports/chat-connection-store.ts";
import type { ChatService } from "../ports/chat-service.ts";
import type { Clock } from "../ports/clock.ts";
import type { CustomerNotices } from "../ports/customer-notices.ts";
import type { FunnelRecorder } from "../ports/funnel-recorder.ts";
import type { IdempotencyStore } from "../ports/idempotency-store.ts";
import type { LiveChatList } from "../ports/live-chat-list.ts";
import type { MediaSource } from "../ports/media-source.ts";
import type { SessionStore } from "../ports/session-store.ts";
import type { TranscriptSource } from "../ports/transcript-source.ts";
import type { WaitingLine } from "../ports/waiting-line.ts";
import type { Redactor } from "../redaction/redactor.ts";
import type { LiveRoutes } from "./live-routes.ts";

/** Everything the resume use case needs, wired once per cold start. */
export interface ResumeDeps {
  readonly sessions: SessionStore;
  /** Keys claimed before a side effect (withClaim), so a retry never repeats it. */
  readonly claims: IdempotencyStore;
  readonly chats: ChatService;
  readonly connections: ChatConnectionStore;
  readonly transcripts: TranscriptSource;
  readonly funnel: FunnelRecorder;
  /** Redacts the call's context (summary and attributes) for the agent. */
  readonly redactor: Redactor;
  /** Redacts the customer's own messages on their way into the chat. */
  readonly customerMessageRedactor: Redactor;
  readonly relay: RelayHandoff;
  readonly clock: Clock;
  readonly settings: ResumeSettings;
  /**
   * Where each provider ("twilio", "meta", ...) keeps the files customers send. A provider
   * without one has its attachments named in the chat instead of shown.
   */
  readonly mediaSources?: Readonly<Partial<Record<string, MediaSource>>>;
  /** Each address's live chat, for messages into it at one read; without it, every message reads the session. */
  readonly routes?: LiveRoutes;
  /** Tells a customer in their channel that they are in line; without it, nobody is told. */
  readonly customerNotices?: CustomerNotices;
  /**
   * Where messages wait while Connect has no room for their chat. Without it, a message that
   * cannot open its chat fails, for the stream to retry.
   */
  readonly waitingLine?: WaitingLine;
}

/**
 * How the relay hears of a new chat: Connect streams the chat's items to the SNS topic the
 * relay subscribes to, or the relay's websocket process finds the chat in the live list.
 */
export type RelayHandoff =
  | { readonly mode: "streaming"; readonly topicArn: string }
  | { readonly mode: "websocket"; readonly liveChats: Pick<LiveChatList, "add"> };

export interface ResumeSettings {
  /** The instance for a session that names none (the deflect function could not parse it). */
  readonly defaultInstanceId?: string;
  /** The deflected-chat flow the new chat runs. */
  readonly contactFlowId: string;
  /** Shown to the agent when the channel gives no profile name. */
  readonly defaultDisplayName: string;
  /** A connection this close to expiry is renewed before use (default 1 hour). */
  readonly connectionRefreshMarginMs?: number;
  /** Sent once when a chat cannot open yet (the active-chat limit); none when empty. */
  readonly waitingLineText?: string;
}
