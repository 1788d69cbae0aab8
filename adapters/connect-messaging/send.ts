import {
  type ConnectClient,
  StartOutboundChatContactCommand,
  type StartOutboundChatContactCommandInput,
} from "@aws-sdk/client-connect";
import { ChannelRejectedError, DependencyFailedError } from "../../core/errors.ts";
import { isE164 } from "../../core/phone-number.ts";
import type { OutboundMessage, SendResult } from "../../core/ports/messenger-channel.ts";
import { CONNECT_SUBTYPE, type ConnectMessagingKind } from "./rules.ts";

export interface ConnectMessagingSenderOptions {
  readonly client: ConnectClient;
  readonly instanceId: string;
  /** The flow that runs the new chat contact (for example the one that routes replies). */
  readonly contactFlowId: string;
  /** The Connect phone number (an ARN) the customer sees the message from. */
  readonly sourcePhoneNumberArn: string;
  /** Amazon Q in Connect knowledge base holding the WhatsApp message templates. */
  readonly knowledgeBaseId?: string;
  readonly maxTextLength: number;
}

// Errors that mean the request itself can never succeed, as Connect names them.
const REJECTIONS = new Set(["InvalidRequestException", "InvalidParameterException"]);

/**
 * One StartOutboundChatContact call per message: it creates a chat contact whose customer is
 * the phone number, and its first message goes out over SMS or WhatsApp. Our reference is
 * the ClientToken, so a retried send creates one contact, not two.
 */
export async function startOutboundChat(
  options: ConnectMessagingSenderOptions & { kind: ConnectMessagingKind },
  message: OutboundMessage,
): Promise<SendResult> {
  if (!isE164(message.to.handle)) {
    throw new ChannelRejectedError("not an E.164 number", {
      details: { reason: "INVALID_ADDRESS" },
    });
  }
  const input: StartOutboundChatContactCommandInput = {
    InstanceId: options.instanceId,
    ContactFlowId: options.contactFlowId,
    SourceEndpoint: { Type: "CONNECT_PHONENUMBER_ARN", Address: options.sourcePhoneNumberArn },
    DestinationEndpoint: { Type: "TELEPHONE_NUMBER", Address: message.to.handle },
    SegmentAttributes: { "connect:Subtype": { ValueString: CONNECT_SUBTYPE[options.kind] } },
    ClientToken: message.reference.slice(0, 500),
    ...firstMessage(options, message),
  };
  try {
    const output = await options.client.send(new StartOutboundChatContactCommand(input));
    if (!output.ContactId) throw new DependencyFailedError("Connect returned no ContactId");
    return { providerMessageId: output.ContactId, state: "queued", acceptedAt: new Date() };
  } catch (error) {
    throw sendError(error);
  }
}

function firstMessage(
  options: ConnectMessagingSenderOptions,
  message: OutboundMessage,
): Partial<StartOutboundChatContactCommandInput> {
  if (message.kind === "text") {
    if (message.text.length > options.maxTextLength) {
      throw new ChannelRejectedError(`text exceeds ${options.maxTextLength} characters`, {
        details: { reason: "TEXT_TOO_LONG" },
      });
    }
    return { InitialSystemMessage: { ContentType: "text/plain", Content: message.text } };
  }
  if (!options.knowledgeBaseId) {
    throw new ChannelRejectedError("no knowledge base is configured for message templates", {
      details: { reason: "TEMPLATE_UNSUPPORTED" },
    });
  }
  return {
    InitialTemplatedSystemMessage: {
      KnowledgeBaseId: options.knowledgeBaseId,
      MessageTemplateId: message.templateId,
      TemplateAttributes: { CustomAttributes: { ...message.variables } },
    },
  };
}

function sendError(error: unknown): Error {
  if (error instanceof ChannelRejectedError || error instanceof DependencyFailedError) return error;
  const name = (error as { name?: string }).name ?? "Error";
  if (REJECTIONS.has(name)) {
    return new ChannelRejectedError(`Connect refused the outbound chat (${name})`, {
      cause: error,
      details: { reason: "REJECTED", providerCode: name },
    });
  }
  // Throttling, quota (active chats), missing resources and access: ours to fix or retry.
  return new DependencyFailedError(`StartOutboundChatContact failed (${name})`, {
    cause: error,
    details: { providerCode: name },
  });
}
