import type { QueuePolicyInput } from "../core/policy/queue-policy.ts";
import type { InstanceSeed } from "../emulators/connect/model/instance-seed.ts";

const weekdays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] as const;

const scriptedAgent = (username: string, routingProfile: string) => ({
  username,
  routingProfile,
  behaviour: {
    mode: "scripted" as const,
    answerAfterSeconds: 5,
    handleTime: { type: "exponential" as const, meanSeconds: 300 },
    afterContactWorkSeconds: 30,
  },
});

const CHAT_AGENT_REPLY = "Hi, this is the support team. I have the notes from your call here.";

/** The embedded defaults `npm start` runs on: one small, busy contact centre. */
export const DEMO = {
  region: "eu-west-2",
  tableName: "connect-deflect-sandbox",
  dataDir: ".data/dynamodb",
  /** A Wednesday morning in London, inside the queues' opening hours. */
  startAt: Date.UTC(2026, 5, 10, 8, 0, 0),
  businessNumber: "+15005550006",
  whatsAppTemplateSid: "HX5a7d0c1b2e3f40516273849a0b1c2d3e",
  /** The approved template's body, as the Twilio emulator fills it in. */
  whatsAppTemplateText:
    "{{1}}: thanks for calling. Reply here and an agent will carry on where the call left off.",
  instance: {
    instanceId: "11111111-2222-3333-4444-555555555555",
    alias: "connect-deflect-sandbox",
    hoursOfOperation: [
      {
        name: "Office",
        timeZone: "Europe/London",
        config: weekdays.map((day) => ({ day, startTime: "08:00", endTime: "20:00" })),
      },
    ],
    queues: [
      { name: "Support", hoursOfOperation: "Office" },
      { name: "Billing", hoursOfOperation: "Office" },
    ],
    routingProfiles: [
      { name: "Support desk", queues: [{ queue: "Support", channel: "VOICE" as const }] },
      { name: "Billing desk", queues: [{ queue: "Billing", channel: "VOICE" as const }] },
      {
        name: "Support chat",
        queues: [{ queue: "Support", channel: "CHAT" as const }],
        concurrency: { CHAT: 3 },
      },
    ],
    agents: [
      ...["ana", "ben", "cho", "dev", "eli"].map((name) => scriptedAgent(name, "Support desk")),
      ...["fay", "gus"].map((name) => scriptedAgent(name, "Billing desk")),
      ...["hal", "ida"].map((username) => ({
        username,
        routingProfile: "Support chat",
        behaviour: {
          mode: "scripted" as const,
          answerAfterSeconds: 20,
          replyText: CHAT_AGENT_REPLY,
          endAfterSeconds: 240,
          afterContactWorkSeconds: 10,
        },
      })),
    ],
  } satisfies InstanceSeed,
  /** The chat streaming topic resume names and the relay is subscribed to. */
  relayTopicArn: "arn:aws:sns:eu-west-2:111122223333:connect-deflect-sandbox-relay",
  /** Encrypts participant tokens at rest; a fixed local key, never a deployed one. */
  tokenKey: Buffer.alloc(32, 7).toString("base64"),
  closingText: "This chat has ended. Reply here any time to start a new one.",
  chatAgentReply: CHAT_AGENT_REPLY,
  /** Customers who got the first message and reply, and how long they take (seconds). */
  customerReplies: { share: 0.6, minDelaySeconds: 30, maxDelaySeconds: 600 },
  /** Simulated minutes after the hour for the last chats to finish. */
  windDownMinutes: 10,
  /** Calls per hour into each queue's voice-deflection flow. */
  arrivalsPerHour: { Support: 120, Billing: 40 },
  /** What callers do when offered: press 1, press 2, or let it time out. */
  callerChoices: { accept: 0.45, decline: 0.35 },
  /**
   * Asked why they call, most callers say it in a few words (one of these), some press a key
   * and the rest say nothing. One sentence carries a card number: the agent must never see it.
   */
  callerReasons: {
    speak: 0.6,
    press: 0.25,
    sentences: [
      "I was charged twice for my order this month.",
      "My internet keeps dropping out every evening.",
      "I want to change the address on my account.",
      "My card number is 4111 1111 1111 1111 and the payment failed.",
      "The parcel I ordered last week never arrived.",
    ],
  },
  policies: {
    Support: {
      mode: "live",
      thresholds: { onWaitSeconds: 240, offWaitSeconds: 180 },
      windows: [{ days: ["mon", "tue", "wed", "thu", "fri"], start: "08:00", end: "20:00" }],
      channels: { whatsapp: { enabled: true }, sms: { enabled: true } },
      channelOrder: ["whatsapp", "sms"],
    },
    Billing: {
      mode: "shadow",
      thresholds: { onWaitSeconds: 300, offWaitSeconds: 240 },
      maxOfferShare: 0.5,
      channels: { sms: { enabled: true } },
      channelOrder: ["sms"],
    },
  } satisfies Record<string, Omit<QueuePolicyInput, "queueId" | "timeZone">>,
} as const;
