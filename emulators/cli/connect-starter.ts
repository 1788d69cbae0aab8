import { startConnectEmulator } from "../connect/connect-emulator.ts";
import { demoInstance } from "../connect/demo-instance.ts";
import { addFlowFiles, placeholderValues, readFlowFiles } from "../connect/flow-files.ts";
import type { RunningEmulator, WorldContext } from "./running-emulator.ts";

/**
 * The Connect emulator with the demo instance, the `--flows` files and live media streaming
 * into the world's Kinesis Video streams. Without espeak-ng the caller gets no voice, so the
 * media stream carries the emulator's placeholder tones instead of failing on every `say`.
 */
export async function startConnectForCli(world: WorldContext): Promise<RunningEmulator> {
  const { connectPort, flowsDir } = world.options;
  // Read before starting, so a bad directory leaves nothing to close.
  const files = flowsDir ? await readFlowFiles(flowsDir) : [];
  const connect = await startConnectEmulator({
    instance: demoInstance,
    ...(connectPort !== undefined ? { port: connectPort } : {}),
    media: {
      streams: world.streams,
      ...(world.espeak ? { voice: world.speech.callVoice } : {}),
    },
  });
  try {
    const functions = placeholderValues(connect.instance, files).LAMBDA_ARN;
    addFlowFiles(connect.instance, files);
    const { instance } = connect.instance;
    const byName = <T extends { name: string; id: string }>(items: Iterable<T>) =>
      Object.fromEntries([...items].map((item) => [item.name, item.id]));
    return {
      summary: {
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
        // Functions the loaded flows invoke; register handlers for them by these ARNs.
        functions,
      },
      started: { connect },
      close: () => connect.close(),
    };
  } catch (error) {
    await connect.close();
    throw error;
  }
}
