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

/** The embedded defaults `npm start` runs on: one small, busy contact centre. */
export const DEMO = {
  region: "eu-west-2",
  tableName: "connect-deflect-sandbox",
  dataDir: ".data/dynamodb",
  /** A Wednesday morning in London, inside the queues' opening hours. */
  startAt: Date.UTC(2026, 5, 10, 8, 0, 0),
  businessNumber: "+15005550006",
  whatsAppTemplateSid: "HX5a7d0c1b2e3f40516273849a0b1c2d3e",
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
    ],
    agents: [
      ...["ana", "ben", "cho", "dev", "eli"].map((name) => scriptedAgent(name, "Support desk")),
      ...["fay", "gus"].map((name) => scriptedAgent(name, "Billing desk")),
    ],
  } satisfies InstanceSeed,
  /** Calls per hour into each queue's voice-deflection flow. */
  arrivalsPerHour: { Support: 120, Billing: 40 },
  /** What callers do when offered: press 1, press 2, or let it time out. */
  callerChoices: { accept: 0.45, decline: 0.35 },
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
