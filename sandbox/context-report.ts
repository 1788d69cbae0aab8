import { DynamoTranscriptSource } from "../adapters/dynamodb/dynamo-transcript-source.ts";
import type { Contact } from "../emulators/connect/model/contact.ts";
import { DEMO } from "./demo-instance.ts";
import type { LocalWorld } from "./local-world.ts";

const CARD_DIGITS = "4111111111111111";

/**
 * What the agents learnt from the calls: how many callers' words were captured, how many chats
 * carried them, one context as an agent sees it, and a check that no card number reached one.
 */
export async function printContextReport(
  world: LocalWorld,
  placed: readonly Contact[],
): Promise<void> {
  const transcripts = new DynamoTranscriptSource(world.table);
  const spoke = placed.filter((c) => world.connect.control.flowTrace(c.id).said.length > 0);
  let captured = 0;
  for (const contact of spoke) {
    if ((await transcripts.segments(contact.id)).length > 0) captured += 1;
  }
  const chats = world.connect.control
    .contacts(DEMO.instance.instanceId)
    .filter((c) => c.channel === "CHAT");
  const attributes = chats.map(
    (c) => world.connect.instance.instance.contacts.get(c.id)?.attributes ?? {},
  );
  const withWords = attributes.filter(
    (a) => a.deflectCallerWords && !a.deflectCallerWords.startsWith("- nothing was captured"),
  );
  const guides = chats.filter((c) => world.connect.control.agentViews(c.id).length > 0).length;
  const leaked = attributes.filter((a) =>
    Object.values(a).some((value) => value.replace(/[ -]/g, "").includes(CARD_DIGITS)),
  ).length;
  console.log(
    `\nCall context: ${captured} of ${spoke.length} callers who spoke have their words in the transcript; ${withWords.length} of ${chats.length} chats carried them to the agent; guides shown to agents ${guides}; card numbers in any chat's context ${leaked}`,
  );
  const example = withWords.find((a) => a.deflectCallerWords?.includes("removed")) ?? withWords[0];
  if (example?.deflectContext) {
    console.log("One chat's context, as the agent's guide shows it:");
    for (const line of example.deflectContext.split("\n")) console.log(`  │ ${line}`);
  }
}
