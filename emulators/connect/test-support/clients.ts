import { ConnectClient } from "@aws-sdk/client-connect";
import { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import { LambdaClient } from "@aws-sdk/client-lambda";

// The official clients, aimed at the emulator with dummy credentials (protocols.md §0).
const base = (endpoint: string) => ({
  endpoint,
  region: "eu-west-2",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
});

export function sdkClients(endpoint: string) {
  return {
    connect: new ConnectClient(base(endpoint)),
    participant: new ConnectParticipantClient(base(endpoint)),
    lambda: new LambdaClient(base(endpoint)),
  };
}

/** A demo instance for tests: one support queue, a chat flow into it, and two agents. */
export const testInstance = {
  instanceId: "11111111-2222-3333-4444-555555555555",
  hoursOfOperation: [
    {
      name: "Office",
      timeZone: "Europe/London",
      config: [{ day: "MONDAY" as const, startTime: "09:00", endTime: "17:00" }],
    },
  ],
  queues: [
    { id: "66666666-7777-8888-9999-000000000000", name: "Support", hoursOfOperation: "Office" },
  ],
  routingProfiles: [
    {
      name: "Support agents",
      queues: [
        { queue: "Support", channel: "VOICE" as const },
        { queue: "Support", channel: "CHAT" as const },
      ],
    },
  ],
  agents: [{ username: "alice", routingProfile: "Support agents" }],
  flows: [{ id: "aaaaaaaa-0000-0000-0000-000000000001", name: "Chat in", queue: "Support" }],
};
