import type { ChannelKind, CustomerAddress } from "../channel.ts";
import { IllegalTransitionError } from "../errors.ts";
import { canTransition, type SessionStatus } from "./session-status.ts";

/** One status change, kept on the session for the funnel and for audit. */
export interface SessionEvent {
  readonly status: SessionStatus;
  readonly at: string;
  readonly reason?: string;
}

/**
 * A deflection: one voice contact offered a switch to a messenger, keyed by the voice
 * ContactId. `version` rises by one with every change; stores write conditionally on it.
 */
export interface DeflectionSession {
  readonly voiceContactId: string;
  readonly instanceId: string;
  readonly queueId: string;
  /** The queue's name as the call reported it, for people to read. */
  readonly queueName?: string;
  /** The call's language (e.g. en-US), as the flow set it. */
  readonly languageCode?: string;
  readonly channel: ChannelKind;
  readonly address: CustomerAddress;
  readonly status: SessionStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Flat contact attributes (IVR answers) carried into the chat. */
  readonly contextAttributes: Readonly<Record<string, string>>;
  /** The estimated wait when the offer was made. */
  readonly offeredWaitSeconds?: number;
  readonly history: readonly SessionEvent[];
  readonly outboundMessageId?: string;
  /** The latest chat of the session; while it reopens, still the chat that ended. */
  readonly chatContactId?: string;
  /** Set when a late reply reopened the session: the ended chat the next chat continues. */
  readonly previousChatContactId?: string;
  readonly failureReason?: string;
}

export interface NewSessionInput {
  readonly voiceContactId: string;
  readonly instanceId: string;
  readonly queueId: string;
  readonly queueName?: string;
  readonly languageCode?: string;
  readonly channel: ChannelKind;
  readonly address: CustomerAddress;
  readonly contextAttributes?: Readonly<Record<string, string>>;
  readonly offeredWaitSeconds?: number;
  readonly status?: Extract<SessionStatus, "offered" | "accepted">;
  readonly at: Date;
}

export function newSession(input: NewSessionInput): DeflectionSession {
  const at = input.at.toISOString();
  const status = input.status ?? "offered";
  return {
    voiceContactId: input.voiceContactId,
    instanceId: input.instanceId,
    queueId: input.queueId,
    ...(input.queueName ? { queueName: input.queueName } : {}),
    ...(input.languageCode ? { languageCode: input.languageCode } : {}),
    channel: input.channel,
    address: input.address,
    status,
    version: 1,
    createdAt: at,
    updatedAt: at,
    contextAttributes: input.contextAttributes ?? {},
    ...(input.offeredWaitSeconds === undefined
      ? {}
      : { offeredWaitSeconds: input.offeredWaitSeconds }),
    history: [{ status, at }],
  };
}

export interface TransitionInput {
  readonly to: SessionStatus;
  readonly at: Date;
  readonly reason?: string;
  readonly outboundMessageId?: string;
  readonly chatContactId?: string;
}

/**
 * Moves a session to its next status and bumps the version. Throws IllegalTransitionError
 * for a move the state machine does not allow; the session passed in is left unchanged.
 * Reopening an ended session records the ended chat as the one the next chat continues.
 */
export function transition(session: DeflectionSession, input: TransitionInput): DeflectionSession {
  if (!canTransition(session.status, input.to)) {
    throw new IllegalTransitionError(
      `session ${session.voiceContactId} cannot go from "${session.status}" to "${input.to}"`,
      { details: { from: session.status, to: input.to } },
    );
  }
  const at = input.at.toISOString();
  const event: SessionEvent = input.reason
    ? { status: input.to, at, reason: input.reason }
    : { status: input.to, at };
  return {
    ...session,
    status: input.to,
    version: session.version + 1,
    updatedAt: at,
    history: [...session.history, event],
    ...(input.outboundMessageId ? { outboundMessageId: input.outboundMessageId } : {}),
    ...(input.chatContactId ? { chatContactId: input.chatContactId } : {}),
    ...(session.status === "ended" && session.chatContactId
      ? { previousChatContactId: session.chatContactId }
      : {}),
    ...(input.to === "failed" && input.reason ? { failureReason: input.reason } : {}),
  };
}
