import {
  type ConnectClient,
  StartChatContactCommand,
  type StartChatContactCommandInput,
  StartContactStreamingCommand,
} from "@aws-sdk/client-connect";
import type { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import { DependencyFailedError } from "../../core/errors.ts";
import type {
  ChatService,
  StartChatOptions,
  StartedChat,
  TranscriptPage,
} from "../../core/ports/chat-service.ts";
import { call } from "./connect-errors.ts";
import { ConnectParticipantService } from "./connect-participant-service.ts";

export interface ConnectChatServiceOptions {
  readonly connect: ConnectClient;
  readonly participant: ConnectParticipantClient;
}

/** ChatService on Amazon Connect's StartChatContact and the Participant Service. */
export class ConnectChatService implements ChatService {
  readonly #connect: ConnectClient;
  readonly #customer: ConnectParticipantService;

  constructor(options: ConnectChatServiceOptions) {
    this.#connect = options.connect;
    this.#customer = new ConnectParticipantService({ participant: options.participant });
  }

  async startChat(options: StartChatOptions): Promise<StartedChat> {
    const output = await call("StartChatContact", () =>
      this.#connect.send(new StartChatContactCommand(startChatInput(options))),
    );
    const { ContactId, ParticipantId, ParticipantToken } = output;
    if (!ContactId || !ParticipantId || !ParticipantToken) {
      throw new DependencyFailedError("StartChatContact returned no contact or participant");
    }
    return {
      contactId: ContactId,
      participantId: ParticipantId,
      participantToken: ParticipantToken,
    };
  }

  async startStreaming(options: {
    instanceId: string;
    contactId: string;
    topicArn: string;
    clientToken: string;
  }): Promise<void> {
    await call("StartContactStreaming", () =>
      this.#connect.send(
        new StartContactStreamingCommand({
          InstanceId: options.instanceId,
          ContactId: options.contactId,
          ChatStreamingConfiguration: { StreamingEndpointArn: options.topicArn },
          ClientToken: options.clientToken,
        }),
      ),
    );
  }

  connect(options: Parameters<ChatService["connect"]>[0]) {
    return this.#customer.connect(options);
  }

  sendMessage(options: Parameters<ChatService["sendMessage"]>[0]) {
    return this.#customer.sendMessage(options);
  }

  sendEvent(options: Parameters<ChatService["sendEvent"]>[0]) {
    return this.#customer.sendEvent(options);
  }

  getTranscript(options: Parameters<ChatService["getTranscript"]>[0]): Promise<TranscriptPage> {
    return this.#customer.getTranscript(options);
  }

  sendAttachment(options: Parameters<ChatService["sendAttachment"]>[0]) {
    return this.#customer.sendAttachment(options);
  }

  getAttachmentLink(options: Parameters<ChatService["getAttachmentLink"]>[0]) {
    return this.#customer.getAttachmentLink(options);
  }

  disconnect(options: Parameters<ChatService["disconnect"]>[0]) {
    return this.#customer.disconnect(options);
  }
}

function startChatInput(options: StartChatOptions): StartChatContactCommandInput {
  return {
    InstanceId: options.instanceId,
    ContactFlowId: options.contactFlowId,
    ParticipantDetails: { DisplayName: options.displayName },
    Attributes: { ...options.attributes },
    ClientToken: options.clientToken,
    // text/plain is required; markdown carries the call's context message.
    SupportedMessagingContentTypes: ["text/plain", "text/markdown"],
    ...(options.initialMessage
      ? { InitialMessage: { ContentType: "text/plain", Content: options.initialMessage } }
      : {}),
    // PersistentChat cannot be combined with RelatedContactId (protocols.md §3.3): a chat
    // that continues an earlier chat links to it, and through it to the voice contact.
    ...(options.previousChatContactId
      ? {
          PersistentChat: {
            RehydrationType: "ENTIRE_PAST_SESSION",
            SourceContactId: options.previousChatContactId,
          },
        }
      : options.relatedContactId
        ? { RelatedContactId: options.relatedContactId }
        : {}),
  };
}
