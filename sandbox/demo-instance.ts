import type { QueuePolicyInput } from "../core/policy/queue-policy.ts";

/** The embedded defaults `npm start` runs on: one demo contact centre. */
export const DEMO = {
  region: "us-east-1",
  tableName: "connect-deflect-sandbox",
  dataDir: ".data/dynamodb",
  policies: [
    {
      queueId: "support",
      timeZone: "Europe/London",
      mode: "live",
      thresholds: { onWaitSeconds: 300, offWaitSeconds: 240 },
      windows: [
        { days: ["mon", "tue", "wed", "thu", "fri"], start: "08:00", end: "20:00" },
        { days: ["sat"], start: "09:00", end: "17:00" },
      ],
      channels: { whatsapp: { enabled: true }, sms: { enabled: true } },
      channelOrder: ["whatsapp", "sms"],
    },
    {
      queueId: "billing",
      timeZone: "America/New_York",
      mode: "shadow",
      thresholds: { onWaitSeconds: 600, offWaitSeconds: 420 },
      maxOfferShare: 0.5,
      channels: { sms: { enabled: true }, messenger: { enabled: true } },
      channelOrder: ["sms", "messenger"],
    },
  ] satisfies QueuePolicyInput[],
} as const;
