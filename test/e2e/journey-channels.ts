import { expect } from "vitest";
import type { SessionStatus } from "../../core/session/session-status.ts";
import {
  type JourneyChannel,
  REPLY_TEMPLATE,
  type ReceivedMessage,
  WHATSAPP_TEMPLATE,
} from "./customer-apps.ts";

/** Who the journey's customer is: the number they call from, and their handle on the channel. */
export interface JourneyCustomer {
  readonly number: string;
  /** The PSID or X user id for channels not keyed by the phone number; the number otherwise. */
  readonly handle?: string;
}

/** What differs between channels in the same journey. */
export interface JourneyChannelFacts {
  /** How the IVR names the channel when it confirms the message went out. */
  readonly spokenConfirmation: string;
  /** The channel's first message, as the platform recorded it. */
  readonly checkFirstMessage: (sent: ReceivedMessage | undefined) => void;
  /** Where the session stands once the platform's receipts are in (X sends none for DMs). */
  readonly statusAfterFirstMessage: SessionStatus;
  /** Every free-text message inside the service window, as the platform recorded it. */
  readonly checkTextMessage: (sent: ReceivedMessage | undefined) => void;
  /**
   * An agent's reply past the 24-hour service window, as the platform recorded it: the reply
   * template on WhatsApp, the HUMAN_AGENT tag on Messenger, plain text where no window applies.
   */
  readonly checkLateAgentReply: (sent: ReceivedMessage | undefined, text: string) => void;
  /** Channels not keyed by the phone number only reach customers the directory holds. */
  readonly inDirectory: boolean;
}

const TWILIO_TEXT = (sent: ReceivedMessage | undefined) => {
  expect(sent?.raw).toMatchObject({ contentSid: null });
};
const X_TEXT = (sent: ReceivedMessage | undefined) => {
  expect(sent?.raw).toMatchObject({ event_type: "MessageCreate" });
};

export const JOURNEY_CHANNELS: Readonly<Record<JourneyChannel, JourneyChannelFacts>> = {
  whatsapp: {
    spokenConfirmation: "We have sent you a WhatsApp message",
    checkFirstMessage: (sent) => expect(sent?.raw).toMatchObject({ contentSid: WHATSAPP_TEMPLATE }),
    statusAfterFirstMessage: "delivered",
    checkTextMessage: TWILIO_TEXT,
    checkLateAgentReply: (sent, text) =>
      expect(sent?.raw).toMatchObject({
        contentSid: REPLY_TEMPLATE,
        contentVariables: { "1": "Acme", "2": text },
      }),
    inDirectory: false,
  },
  sms: {
    spokenConfirmation: "We have sent you a text message",
    checkFirstMessage: (sent) => expect(sent?.text).toContain("Acme"),
    statusAfterFirstMessage: "delivered",
    checkTextMessage: TWILIO_TEXT,
    // SMS has no service window.
    checkLateAgentReply: (sent, text) => {
      expect(sent?.text).toBe(text);
      TWILIO_TEXT(sent);
    },
    inDirectory: false,
  },
  messenger: {
    spokenConfirmation: "We have sent you a Facebook Messenger message",
    // Free text answering the customer's open conversation: no template exists on Messenger.
    checkFirstMessage: (sent) => {
      expect(sent?.text).toContain("Acme");
      expect(sent?.raw).toMatchObject({ messagingType: "RESPONSE", tag: null });
    },
    // Meta's delivery event names the mid the session recorded.
    statusAfterFirstMessage: "delivered",
    // Inside the 24-hour window: a plain RESPONSE, no HUMAN_AGENT tag (protocols.md §6).
    checkTextMessage: (sent) =>
      expect(sent?.raw).toMatchObject({ messagingType: "RESPONSE", tag: null }),
    // A human agent's reply up to 7 days after the customer's last message (protocols.md §6).
    checkLateAgentReply: (sent, text) => {
      expect(sent?.text).toBe(text);
      expect(sent?.raw).toMatchObject({ messagingType: "MESSAGE_TAG", tag: "HUMAN_AGENT" });
    },
    inDirectory: true,
  },
  x: {
    spokenConfirmation: "We have sent you an X direct message. Reply there",
    checkFirstMessage: (sent) => expect(sent?.text).toContain("Acme"),
    statusAfterFirstMessage: "message-sent",
    checkTextMessage: X_TEXT,
    // X direct messages have no service window (adapters/x/rules.ts).
    checkLateAgentReply: (sent, text) => {
      expect(sent?.text).toBe(text);
      X_TEXT(sent);
    },
    inDirectory: true,
  },
};
