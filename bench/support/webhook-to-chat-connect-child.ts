// Runs the Connect emulator in its own process for bench/webhook-to-chat.bench.ts, so the
// measured process holds only the product's functions. Reports its URL and seeded ids over
// IPC; exits when the parent disconnects.
import { startConnectEmulator } from "../../emulators/connect/connect-emulator.ts";

const instanceId = "21212121-3434-5656-7878-909090909090";

const connect = await startConnectEmulator({
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
