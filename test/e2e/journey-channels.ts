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
  /** The business may only message someone who reached it first (Messenger, Telegram, LINE). */
  readonly customerWritesFirst: boolean;
  /**
   * Whether an agent's PDF reaches the customer as a file; where not, the agent is told
   * this (LINE has no file message, X DMs carry only images and video).
   */
  readonly pdf: { readonly carried: true } | { readonly carried: false; readonly notice: string };
}

const TWILIO_TEXT = (sent: ReceivedMessage | undefined) => {
  expect(sent?.raw).toMatchObject({ contentSid: null });
};
const X_TEXT = (sent: ReceivedMessage | undefined) => {
  expect(sent?.raw).toMatchObject({ event_type: "MessageCreate" });
};
const PDF_CARRIED = { carried: true } as const;
/** A text where no window applies: the message as the agent wrote it. */
const PLAIN_TEXT = (sent: ReceivedMessage | undefined, text: string) =>
  expect(sent?.text).toBe(text);

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
    customerWritesFirst: false,
    pdf: PDF_CARRIED,
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
    customerWritesFirst: false,
    pdf: PDF_CARRIED,
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
    customerWritesFirst: true,
    pdf: PDF_CARRIED,
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
    customerWritesFirst: false,
    pdf: { carried: false, notice: "Not delivered to the customer: X cannot carry PDF files." },
  },
  telegram: {
    spokenConfirmation: "We have sent you a Telegram message",
    checkFirstMessage: (sent) => expect(sent?.text).toContain("Acme"),
    // The Bot API sends no delivery receipts.
    statusAfterFirstMessage: "message-sent",
    checkTextMessage: (sent) => expect(sent?.raw).toHaveProperty("text"),
    // A bot may write to someone who started it at any time (adapters/telegram/rules.ts).
    checkLateAgentReply: PLAIN_TEXT,
    inDirectory: true,
    customerWritesFirst: true,
    pdf: PDF_CARRIED,
  },
  line: {
    spokenConfirmation: "We have sent you a LINE message",
    checkFirstMessage: (sent) => expect(sent?.text).toContain("Acme"),
    // Push messages have no delivery receipts.
    statusAfterFirstMessage: "message-sent",
    checkTextMessage: (sent) => expect(sent?.raw).toMatchObject({ type: "text" }),
    // Push reaches a friend of the account at any time (adapters/line/rules.ts).
    checkLateAgentReply: PLAIN_TEXT,
    inDirectory: true,
    customerWritesFirst: true,
    pdf: { carried: false, notice: "Not delivered to the customer: LINE cannot carry PDF files." },
  },
};
