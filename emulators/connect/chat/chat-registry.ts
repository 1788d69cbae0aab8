import type { Clock } from "../../shared-http/clock.ts";
import { ApiError } from "../http/api-error.ts";
import type { ChatParticipant, ChatRoom } from "./chat-room.ts";

// Lifetimes from the CreateParticipantConnection doc text (protocols.md §4).
export const connectionTokenLifetimeMs = 24 * 60 * 60 * 1000;
export const websocketConnectWindowMs = 100 * 1000;
export const participantConnectWindowMs = 5 * 60 * 1000;

export interface ParticipantRef {
  readonly room: ChatRoom;
  readonly participant: ChatParticipant;
}

interface ConnectionGrant {
  readonly contactId: string;
  readonly participantId: string;
  readonly expiresAt: number;
}

interface WebsocketGrant {
  readonly connectionToken: string;
  readonly connectBy: number;
}

/** Chat rooms by contact id, and the tokens that open them. */
export class ChatRegistry {
  readonly rooms = new Map<string, ChatRoom>();
  private readonly participantTokens = new Map<
    string,
    { contactId: string; participantId: string }
  >();
  private readonly connections = new Map<string, ConnectionGrant>();
  private readonly websockets = new Map<string, WebsocketGrant>();

  constructor(private readonly clock: Clock) {}

  addRoom(room: ChatRoom): void {
    this.rooms.set(room.contactId, room);
  }

  registerParticipant(room: ChatRoom, participant: ChatParticipant): void {
    this.participantTokens.set(participant.participantToken, {
      contactId: room.contactId,
      participantId: participant.participantId,
    });
  }

  /** Resolves an X-Amz-Bearer participant token (CreateParticipantConnection only). */
  byParticipantToken(token: string | undefined): ParticipantRef {
    const entry = token ? this.participantTokens.get(token) : undefined;
    const ref = entry && this.ref(entry.contactId, entry.participantId);
    if (!ref || ref.participant.left || ref.room.ended) {
      throw new ApiError("AccessDeniedException", "The participant token is not valid");
    }
    return ref;
  }

  issueConnection(ref: ParticipantRef): { connectionToken: string; expiresAt: number } {
    const connectionToken = `ct-${crypto.randomUUID()}`;
    const expiresAt = this.clock.now() + connectionTokenLifetimeMs;
    this.connections.set(connectionToken, {
      contactId: ref.room.contactId,
      participantId: ref.participant.participantId,
      expiresAt,
    });
    return { connectionToken, expiresAt };
  }

  /** Resolves an X-Amz-Bearer connection token; expired or ended ones are denied. */
  byConnectionToken(
    token: string | undefined,
    options: { allowEnded?: boolean } = {},
  ): ParticipantRef {
    const grant = token ? this.connections.get(token) : undefined;
    if (!grant) throw new ApiError("AccessDeniedException", "The connection token is not valid");
    if (this.clock.now() >= grant.expiresAt) {
      throw new ApiError("AccessDeniedException", "The connection token has expired");
    }
    const ref = this.ref(grant.contactId, grant.participantId);
    if (!ref || (!options.allowEnded && (ref.room.ended || ref.participant.left))) {
      throw new ApiError("AccessDeniedException", "The participant is no longer in the chat");
    }
    return ref;
  }

  issueWebsocket(connectionToken: string): { authToken: string; connectBy: number } {
    const authToken = `ws-${crypto.randomUUID()}`;
    const connectBy = this.clock.now() + websocketConnectWindowMs;
    this.websockets.set(authToken, { connectionToken, connectBy });
    return { authToken, connectBy };
  }

  /** Redeems a websocket URL token once, within its connect window. */
  redeemWebsocket(authToken: string): ParticipantRef & { connectionToken: string } {
    const grant = this.websockets.get(authToken);
    this.websockets.delete(authToken);
    if (!grant || this.clock.now() > grant.connectBy) {
      throw new ApiError("AccessDeniedException", "The websocket URL is not valid or has expired");
    }
    return {
      ...this.byConnectionToken(grant.connectionToken),
      connectionToken: grant.connectionToken,
    };
  }

  connectionExpiry(connectionToken: string): number | undefined {
    return this.connections.get(connectionToken)?.expiresAt;
  }

  private ref(contactId: string, participantId: string): ParticipantRef | undefined {
    const room = this.rooms.get(contactId);
    const participant = room?.participants.get(participantId);
    return room && participant ? { room, participant } : undefined;
  }
}
