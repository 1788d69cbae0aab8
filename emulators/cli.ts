import { startConnectEmulator } from "./connect/connect-emulator.ts";
import type { InstanceSeed } from "./connect/model/instance-seed.ts";

/**
 * `npm run emulators`: starts the local emulators with a demo instance, prints one JSON line
 * with their URLs and the seeded ids, and runs until SIGINT or SIGTERM.
 */
const demoInstance: InstanceSeed = {
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
    {
      id: "66666666-7777-8888-9999-000000000000",
      name: "Support",
      hoursOfOperation: "Basic Hours",
    },
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
  // Until flow JSON is attached, each flow routes its contacts straight to one queue.
  flows: [
    { name: "voice-deflection", queue: "Support" },
    { name: "chat-resume", queue: "Support" },
    { name: "queue-offer", type: "CUSTOMER_QUEUE" },
  ],
};

async function main(): Promise<void> {
  const connect = await startConnectEmulator({ instance: demoInstance });
  const { instance } = connect.instance;
  const byName = <T extends { name: string; id: string }>(items: Iterable<T>) =>
    Object.fromEntries([...items].map((item) => [item.name, item.id]));
  console.log(
    JSON.stringify({
      connect: connect.url,
      participant: connect.url,
      lambda: connect.url,
      participantWebsocket: connect.state.websocketBase(),
      emulatorApi: `${connect.url}/__emulator`,
      region: instance.region,
      instanceId: instance.id,
      instanceArn: instance.arn,
      flows: byName(instance.flows.values()),
      queues: byName(instance.queues.values()),
      agents: Object.fromEntries([...instance.agents.values()].map((a) => [a.username, a.id])),
    }),
  );
  const stop = async () => {
    await connect.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // The HTTP server keeps the process alive until a signal arrives.
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
