import { parseArgs } from "node:util";
import { startConnectEmulator } from "./connect/connect-emulator.ts";
import { demoInstance } from "./connect/demo-instance.ts";
import { addFlowFiles, placeholderValues, readFlowFiles } from "./connect/flow-files.ts";

/**
 * `npm run emulators [-- --flows <dir>]`: starts the local emulators with a demo instance,
 * prints one JSON line with their URLs and the seeded ids, and runs until SIGINT or SIGTERM.
 * With `--flows`, every `<name>.json` in the directory is loaded as flow `<name>` after its
 * `${KIND:name}` placeholders are resolved against the seeded ids (see flow-placeholders.ts).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { flows: { type: "string" }, port: { type: "string" } },
    strict: true,
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    throw new Error(`--port must be a port number, got ${values.port}`);
  }
  const connect = await startConnectEmulator({
    instance: demoInstance,
    ...(port !== undefined ? { port } : {}),
  });
  const files = values.flows ? await readFlowFiles(values.flows) : [];
  const functions = placeholderValues(connect.instance, files).LAMBDA_ARN;
  addFlowFiles(connect.instance, files);
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
      // Functions the loaded flows invoke; register handlers for them by these ARNs.
      functions,
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
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
