import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ConnectChatService } from "../adapters/connect/connect-chat-service.ts";
import { sdkClients, testInstance } from "../emulators/connect/test-support/clients.ts";
import { SocketPool } from "../relay/websocket/socket-pool.ts";
import { measure, report } from "./measure.ts";

const DEFAULT_CONVERSATIONS = 10_000;
const OPEN_CONCURRENCY = 50;
const SAMPLE_MESSAGES = 200;
const MB = 1024 * 1024;

/**
 * DESIGN.md target: the relay's websocket mode holds 10,000 conversations in ≤ 512 MB.
 * The Connect emulator runs in a child process (one process may open 20,000 files); this
 * process starts the chats through the SDK, holds every customer socket in one pool, lets
 * heartbeats run, then reports memory per conversation and drains.
 * `npm run bench -- relay-websocket-memory --conversations=1000 --hold-seconds=5`
 * (or RELAY_WS_CONVERSATIONS / RELAY_WS_HOLD_SECONDS).
 */
export async function run(): Promise<void> {
  const count = setting("conversations", "RELAY_WS_CONVERSATIONS", DEFAULT_CONVERSATIONS);
  const holdSeconds = setting("hold-seconds", "RELAY_WS_HOLD_SECONDS", 25);
  const gc = exposeGc();
  const child = await startEmulatorChild(count + 100);
  const clients = sdkClients(child.url);
  const chats = new ConnectChatService(clients);
  let handled = 0;
  let warnings = 0;
  const pool = new SocketPool({
    connect: (options) => chats.connect(options),
    onItem: () => {
      handled++;
    },
    logger: { warn: () => void warnings++, error: () => void warnings++ },
  });
  try {
    gc();
    const before = process.memoryUsage();
    const ids: string[] = [];
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 250);
    const startedAt = performance.now();
    const opening = await measure({
      count,
      concurrency: OPEN_CONCURRENCY,
      task: async (index) => {
        const chat = await chats.startChat({
          instanceId: testInstance.instanceId,
          contactFlowId: testInstance.flows[0]?.id ?? "",
          displayName: `Bench ${index}`,
          attributes: {},
          clientToken: randomUUID(),
        });
        await pool.hold({ chatContactId: chat.contactId, participantToken: chat.participantToken });
        ids.push(chat.contactId);
        if (ids.length % Math.max(1, Math.floor(count / 10)) === 0) {
          console.log(`  opened ${ids.length}/${count} (${rssMb()} MB RSS)`);
        }
      },
    });
    const openSeconds = (performance.now() - startedAt) / 1000;
    report("relay websocket: start chat + hold socket (c=50)", opening);

    const heartbeats = () =>
      ids.reduce((sum, id) => sum + (pool.get(id)?.stats.heartbeatsAnswered ?? 0), 0);
    const heartbeatsBefore = heartbeats();
    await sendSample(child.url, ids);
    await new Promise((resolve) => setTimeout(resolve, holdSeconds * 1000));
    clearInterval(sampler);
    gc();
    const after = process.memoryUsage();
    const items = `${handled} items handed on (${SAMPLE_MESSAGES} messages sent)`;
    console.log(
      `conversations open: ${pool.counts().open}/${count}; ${items}; warnings ${warnings}`,
    );
    console.log(`time to open all: ${openSeconds.toFixed(1)} s`);
    console.log(`heartbeats answered in ${holdSeconds} s: ${heartbeats() - heartbeatsBefore}`);
    console.log(
      `RSS:       before ${mb(before.rss)} MB, after ${mb(after.rss)} MB, peak ${mb(peakRss)} MB`,
    );
    console.log(`heap used: before ${mb(before.heapUsed)} MB, after ${mb(after.heapUsed)} MB`);
    const perConversation = (key: "rss" | "heapUsed") =>
      Math.round((after[key] - before[key]) / Math.max(1, count));
    console.log(
      `per conversation: ${perConversation("rss")} B RSS, ${perConversation("heapUsed")} B heap`,
    );
    const drainStarted = performance.now();
    const drained = await pool.drain({ timeoutMs: 60_000 });
    console.log(
      `drain: ${drained.closed} closed, ${drained.unfinished} unfinished in ${((performance.now() - drainStarted) / 1000).toFixed(1)} s`,
    );
  } finally {
    clients.connect.destroy();
    clients.participant.destroy();
    clients.lambda.destroy();
    await stopChild(child.process);
  }
}

/** A customer message into a spread of conversations, to see items flow under load. */
async function sendSample(url: string, ids: readonly string[]): Promise<void> {
  const step = Math.max(1, Math.floor(ids.length / SAMPLE_MESSAGES));
  const targets = ids.filter((_, index) => index % step === 0).slice(0, SAMPLE_MESSAGES);
  await Promise.all(
    targets.map((id) =>
      fetch(`${url}/__emulator/contacts/${id}/customer-message`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ content: "hello from the bench" }),
      }).then((response) => response.arrayBuffer()),
    ),
  );
}

async function startEmulatorChild(maxActiveChats: number) {
  const entry = join(dirname(fileURLToPath(import.meta.url)), "support/connect-emulator-child.ts");
  const child = spawn(process.execPath, ["--import", "tsx", entry, String(maxActiveChats)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the emulator child exited (${code})`)));
  });
  return { process: child, url: (JSON.parse(firstLine) as { url: string }).url };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** `--name=value` on the command line, else the environment variable, else the default. */
function setting(name: string, envName: string, fallback: number): number {
  const argument = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const raw = argument?.slice(name.length + 3) ?? process.env[envName];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** A full collection before each reading, so the figures are live memory, not garbage. */
function exposeGc(): () => void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  return () => {
    gc();
    gc();
  };
}

const mb = (bytes: number) => (bytes / MB).toFixed(1);
const rssMb = () => mb(process.memoryUsage().rss);
