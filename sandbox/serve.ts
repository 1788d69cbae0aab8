import { startConsole } from "../console/console-server.ts";
import { CHANNEL_KINDS } from "../core/channel.ts";
import type { LocalWorld } from "./local-world.ts";

const CALLER = "+447911123456";
const SAYS = "I was charged twice for my order, my card number is 4111 1111 1111 1111";

/**
 * Sets the world up for a person on the wall clock: Support's wait pinned long and offered at
 * any hour on every channel (WhatsApp, then SMS, for a caller the business knows only by
 * number), customers' WhatsApp replies reaching the webhook function, and new inbox items
 * routed to resume every second (no DynamoDB stream locally). `stop()` routes what the
 * webhook endpoint already acknowledged, after closing it. The console's test shares this.
 */
export async function prepareServing(
  world: LocalWorld,
  log: (line: string) => void = console.log,
): Promise<{ stop(): Promise<void> }> {
  // An empty queue never offers, and the wall clock may be outside office hours: pin a long
  // wait and let Support offer at any hour, so a first call shows the whole offer.
  world.connect.control.setEstimatedWait({ queue: "Support", channel: "VOICE", seconds: 900 });
  const support = await world.policies.getPolicy(world.queueIds.Support ?? "");
  if (support) {
    const channels = Object.fromEntries(CHANNEL_KINDS.map((kind) => [kind, { enabled: true }]));
    await world.policies.putPolicy({ ...support, windows: [], channels });
  }
  world.twilio.setWebhookUrl(`${world.messaging.bridge.url}/webhooks/whatsapp`);
  const shown = new Set<string>();
  // The waiting line is drained as often (a schedule does it every minute in AWS). One pass
  // at a time.
  let pass: Promise<void> | undefined;
  const routing = setInterval(() => {
    pass ??= routeOnce(world, log).finally(() => {
      pass = undefined;
    });
    printAgentGuides({ world, shown, log });
  }, 1000);
  return {
    // Nothing acknowledged is left behind: the webhook endpoint stops taking messages first
    // (those in flight finish), then everything it acknowledged is routed.
    async stop() {
      clearInterval(routing);
      await world.messaging.bridge.close();
      await pass;
      await routeOnce(world, log);
    },
  };
}

/**
 * `npm start -- --serve`: everything on the wall clock until Ctrl-C, with the browser console
 * to drive one whole journey, and the same steps printed for curl: place a call whose caller
 * says why they call and presses 1, read what was sent, reply as the customer, answer as the
 * agent.
 */
export async function serve(world: LocalWorld): Promise<void> {
  const serving = await prepareServing(world);
  const page = await startConsole(world);
  console.log(`  console   ${page.url}  (the page for all of the below; loopback only)`);
  printCurlSteps(world);
  await new Promise<void>((done) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => done());
  });
  console.log("\n• stopping: no more webhooks; routing the messages already acknowledged");
  await page.close();
  await serving.stop();
}

function printCurlSteps(world: LocalWorld): void {
  const connect = world.connect.url;
  const twilio = world.twilio.url;
  const json = "-H 'content-type: application/json'";
  const call = {
    flow: "voice-deflection",
    customerNumber: CALLER,
    caller: {
      steps: [
        { say: SAYS, afterSeconds: 1, forAction: "ask-reason" },
        { press: "1", forAction: "offer" },
      ],
    },
  };
  console.log(
    "\nServing on the wall clock; Support offers at any hour, its wait pinned at 15 min.",
  );
  console.log("Open the console above, or follow the same journey with curl:");
  console.log("1. Place a call: asked why they call, the caller says it (card number included),");
  console.log("   then presses 1 when offered WhatsApp. The IVR takes about 30 s; watch below.");
  console.log(`   curl -s ${connect}/__emulator/voice-calls ${json} \\`);
  console.log(`     -d '${JSON.stringify(call)}'`);
  console.log(`   What the caller heard: ${connect}/__emulator/contacts/<contactId>/flow-trace`);
  console.log(`2. See the WhatsApp template it sent: curl -s ${twilio}/__emulator/sent`);
  console.log("3. Reply as the customer; a chat opens and waits for an agent:");
  console.log(`   curl -s ${twilio}/__emulator/customer-sends ${json} \\`);
  console.log(
    `     -d '{"from":"whatsapp:${CALLER}","to":"whatsapp:+15005550006","text":"Hi, about my bill"}'`,
  );
  console.log("4. When the chat is offered to an agent, the guide the agent sees prints here:");
  console.log("   the queue by name, the IVR's answers and the caller's own words, card removed.");
  console.log(
    `   The same as JSON: curl -s ${connect}/__emulator/contacts/<chatContactId>/agent-views`,
  );
  console.log(
    `5. Answer and end it as the console's agent "you" (scripted agents are off while it runs):`,
  );
  console.log(
    `   curl -s ${connect}/__emulator/agents/you/accept ${json} -d '{"contactId":"<chatContactId>"}'`,
  );
  console.log(
    `   curl -s ${connect}/__emulator/agents/you/send ${json} -d '{"contactId":"<chatContactId>","content":"Hello"}'`,
  );
  console.log(
    `   curl -s ${connect}/__emulator/agents/you/end ${json} -d '{"contactId":"<chatContactId>"}'`,
  );
  console.log(
    `   The customer's WhatsApp never gets the guide: curl -s '${twilio}/__emulator/sent' shows only the template, the agent's reply and the closing message.`,
  );
  console.log(
    "Messenger, X, Telegram and LINE: choose the caller's channel in the console's Caller panel",
  );
  console.log(
    "   (it records the customer's preference first); each platform's emulator above has the same",
  );
  console.log("   /__emulator/sent and /__emulator/customer-sends.");
  console.log("Ctrl-C stops.");
}

async function routeOnce(world: LocalWorld, log: (line: string) => void): Promise<void> {
  try {
    const routed = await world.messaging.inbox.drain();
    if (routed > 0) log(`  routed ${routed} customer message(s) to resume`);
    await world.messaging.drainWaitingLine();
  } catch (error) {
    console.error("  ! routing failed:", error);
  }
}

/** Prints each guide shown to an agent once, as the agent's workspace would show it. */
function printAgentGuides(options: {
  world: LocalWorld;
  shown: Set<string>;
  log: (line: string) => void;
}): void {
  const { world, shown, log } = options;
  for (const contact of world.connect.control.contacts()) {
    if (contact.channel !== "CHAT") continue;
    for (const view of world.connect.control.agentViews(contact.id)) {
      if (shown.has(view.id)) continue;
      shown.add(view.id);
      const data = view.viewData as { Heading?: string; Sections?: unknown };
      log(`\n  The agent's guide for chat ${contact.id}: ${data.Heading ?? ""}`);
      const sections = Array.isArray(data.Sections) ? data.Sections : [data.Sections];
      for (const section of sections) {
        for (const line of String(section ?? "").split("\n")) log(`  │ ${line}`);
      }
    }
  }
}
