import type { InstanceSeed } from "./model/instance-seed.ts";

/**
 * The demo instance `npm run emulators` seeds. Only the instance id is fixed; every other id
 * is derived from its name, so the ids printed at start are the same on every run.
 */
export const demoInstance: InstanceSeed = {
  instanceId: "11111111-2222-3333-4444-555555555555",
  alias: "connect-deflect-demo",
  hoursOfOperation: [
    {
      name: "Basic Hours",
      timeZone: "Europe/London",
      config: (["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] as const).map((day) => ({
        day,
        startTime: "08:00",
        endTime: "20:00",
      })),
    },
  ],
  queues: [
    { name: "Support", hoursOfOperation: "Basic Hours" },
    { name: "Billing", hoursOfOperation: "Basic Hours" },
  ],
  routingProfiles: [
    {
      name: "Support agents",
      queues: [
        { queue: "Support", channel: "VOICE" },
        { queue: "Support", channel: "CHAT" },
        { queue: "Billing", channel: "VOICE", priority: 2 },
      ],
      concurrency: { CHAT: 3 },
    },
  ],
  agents: [
    {
      username: "scripted-sam",
      routingProfile: "Support agents",
      behaviour: {
        mode: "scripted",
        answerAfterSeconds: 20,
        replyText: "Hi, this is Sam from support. How can I help?",
        handleTime: { type: "exponential", meanSeconds: 240 },
        afterContactWorkSeconds: 30,
      },
    },
    { username: "driven-dana", routingProfile: "Support agents" },
  ],
  // Stand-ins that route straight to a queue; `--flows <dir>` replaces them by name.
  flows: [
    { name: "voice-deflection", queue: "Support" },
    { name: "deflected-chat", queue: "Support" },
    { name: "queue-offer", type: "CUSTOMER_QUEUE" },
  ],
};
