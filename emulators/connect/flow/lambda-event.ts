import type { ContactData, Endpoint } from "./flow-host.ts";

interface CustomerAudio {
  StreamARN: string;
  StartTimestamp: string;
  StartFragmentNumber: string;
  StopTimestamp?: string;
  StopFragmentNumber?: string;
}

/** The event Connect sends to a flow Lambda (protocols.md §1.1). */
export interface ContactFlowEvent {
  Name: "ContactFlowEvent";
  Details: {
    ContactData: {
      Attributes: Record<string, string>;
      Channel: string;
      ContactId: string;
      InitialContactId: string;
      PreviousContactId: string;
      InitiationMethod: string;
      InstanceARN: string;
      CustomerEndpoint: Endpoint | null;
      SystemEndpoint: Endpoint | null;
      Queue: {
        ARN: string;
        Name: string;
        OutboundCallerId?: { Address: string; Type: "TELEPHONE_NUMBER" };
      } | null;
      MediaStreams: { Customer: { Audio: CustomerAudio | null } };
      LanguageCode?: string;
    };
    Parameters: Record<string, string>;
  };
}

function customerAudio(contact: ContactData): CustomerAudio | null {
  const streams = contact.mediaStreams;
  if (!streams) return null;
  return {
    StreamARN: streams.streamArn,
    StartTimestamp: streams.startTimestamp,
    StartFragmentNumber: streams.startFragmentNumber,
    ...(streams.stopTimestamp ? { StopTimestamp: streams.stopTimestamp } : {}),
    ...(streams.stopFragmentNumber ? { StopFragmentNumber: streams.stopFragmentNumber } : {}),
  };
}

/**
 * Builds the event from the contact at the moment of the call. `Audio` stays null until media
 * streaming starts, as @types/aws-lambda trigger/connect-contact-flow.d.ts documents it.
 */
export function buildContactFlowEvent(
  contact: ContactData,
  parameters: Record<string, string>,
): ContactFlowEvent {
  const queue = contact.queue;
  return {
    Name: "ContactFlowEvent",
    Details: {
      ContactData: {
        Attributes: { ...contact.attributes },
        Channel: contact.channel,
        ContactId: contact.contactId,
        InitialContactId: contact.initialContactId,
        PreviousContactId: contact.previousContactId ?? contact.contactId,
        InitiationMethod: contact.initiationMethod,
        InstanceARN: contact.instanceArn,
        CustomerEndpoint: contact.customerEndpoint,
        SystemEndpoint: contact.systemEndpoint,
        Queue: queue
          ? {
              ARN: queue.arn,
              Name: queue.name,
              ...(queue.outboundCallerIdAddress
                ? {
                    OutboundCallerId: {
                      Address: queue.outboundCallerIdAddress,
                      Type: "TELEPHONE_NUMBER" as const,
                    },
                  }
                : {}),
            }
          : null,
        MediaStreams: { Customer: { Audio: customerAudio(contact) } },
        ...(contact.languageCode ? { LanguageCode: contact.languageCode } : {}),
      },
      Parameters: parameters,
    },
  };
}
