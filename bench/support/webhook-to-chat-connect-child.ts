// Runs the Connect emulator in its own process for bench/webhook-to-chat.bench.ts, so the
// measured process holds only the product's functions. Reports its URL and seeded ids over
// IPC; exits when the parent disconnects.
import { startConnectEmulator } from "../../emulators/connect/connect-emulator.ts";

const instanceId = "21212121-3434-5656-7878-909090909090";

// CPU per message is measured here, at a pace a new account's quotas would hold back: the
// account's quotas are raised (and the product paces to the raised figures).
const connect = await startConnectEmulator({
  quotas: "off",
  instance: {
    instanceId,
    queues: [{ name: "Support" }],
    routingProfiles: [
      {
        name: "Support agents",
        queues: [
          { queue: "Support", channel: "VOICE" },
          { queue: "Support", channel: "CHAT" },
        ],
      },
    ],
    // Offline: no agent picks a chat up and ends it while the customers write.
    agents: [{ username: "agent-1", routingProfile: "Support agents", status: "Offline" }],
    flows: [{ name: "deflected-chat", queue: "Support" }],
  },
});
const queueId = connect.instance.instance.requireQueue("Support").id;
const chatFlowId = [...connect.instance.instance.flows.values()].find(
  (flow) => flow.name === "deflected-chat",
)?.id;
process.send?.({ url: connect.url, instanceId, queueId, chatFlowId });
process.on("disconnect", () => {
  void connect.close().then(() => process.exit(0));
});
