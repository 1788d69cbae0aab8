import * as z from "zod";
import { InMemoryCases } from "../flow/cases.ts";
import { InMemoryCustomerProfiles } from "../flow/customer-profiles.ts";
import type { FlowDocument } from "../flow/flow-document.ts";
import { InstanceServices } from "../flow/instance-services.ts";
import { ScriptedLexBot } from "../flow/scripted-lex-bot.ts";
import { loadFlow } from "../flow/validate-flow.ts";
import type { Instance } from "./instance.ts";

const fields = z.record(z.string(), z.string());

/** A profile: its fields alone, or with its objects and calculated attributes. */
const profile = z.union([
  fields,
  z.object({
    fields,
    objects: z.array(z.object({ objectType: z.string().min(1), fields })).default([]),
    calculatedAttributes: fields.default({}),
  }),
]);

/**
 * What an instance offers flows beyond queues and hours, as a scenario declares it: each part
 * left out is a service the instance lacks, whose blocks take their error branch.
 */
export const servicesSeedSchema = z.object({
  /** Flow modules (exported module JSON), found by InvokeFlowModule by id, ARN or name. */
  flowModules: z
    .array(z.object({ id: z.string().optional(), name: z.string().min(1), content: z.unknown() }))
    .default([]),
  /** Scripted Lex bots, by V2 alias ARN or classic bot name. */
  lexBots: z
    .array(
      z
        .object({
          aliasArn: z.string().optional(),
          name: z.string().optional(),
          intents: z.array(
            z.object({
              name: z.string().min(1),
              /** Phrases matched as whole words, case-insensitively, in what the customer said. */
              utterances: z.array(z.string().min(1)).min(1),
              /** The slot values the intent fills. */
              slots: fields.default({}),
            }),
          ),
        })
        .refine((bot) => bot.aliasArn ?? bot.name, "a bot needs an aliasArn or a name"),
    )
    .default([]),
  /** A Customer Profiles domain with these profiles; absent, no domain. */
  customerProfiles: z.array(profile).optional(),
  /** A Cases domain with these cases' fields; absent, no domain. */
  cases: z.array(fields).optional(),
  /** Numbers a third-party transfer reaches, and whether they answer; others fail. */
  thirdParties: z.record(z.string(), z.enum(["answers", "noAnswer"])).default({}),
  /** What Voice ID answers per CheckVoiceId option; an option left out takes the error branch. */
  voiceId: z.record(z.string(), z.string()).default({}),
  /** Amazon Q in Connect assistant ARNs that take sessions. */
  assistants: z.array(z.string()).default([]),
  /** The instance's phone numbers (ARNs) that send SMS, for StartOutboundChatContact. */
  smsNumbers: z.array(z.string()).default([]),
});

export type ServicesSeed = z.input<typeof servicesSeedSchema>;

/** The instance's chats that have ended, oldest first, which a persistent chat may continue. */
function pastChats(instance: Instance) {
  return [...instance.contacts.values()]
    .filter((contact) => contact.channel === "CHAT" && contact.state === "ENDED")
    .sort((a, b) => (a.disconnectTimestamp ?? 0) - (b.disconnectTimestamp ?? 0))
    .map((contact) => ({ contactId: contact.id, initialContactId: contact.initialContactId }));
}

/**
 * Builds an instance's services from a seed; a module that is not a valid flow throws.
 * `random` draws DistributeByPercentage's numbers (the runtime's seeded generator).
 */
export function instanceServices(
  instance: Instance,
  seed: ServicesSeed = {},
  random?: () => number,
): InstanceServices {
  const parsed = servicesSeedSchema.parse(seed);
  const modules: Record<string, FlowDocument> = {};
  for (const module of parsed.flowModules) {
    const id = module.id ?? instance.idFor("flow-module", module.name);
    const flow = loadFlow(module.content, { flowType: "flowModule" });
    for (const key of [id, `${instance.arn}/flow-module/${id}`, module.name]) modules[key] = flow;
  }
  const lexBots = Object.fromEntries(
    parsed.lexBots.map((bot) => [
      bot.aliasArn ?? bot.name ?? "",
      new ScriptedLexBot(bot.intents.map((intent) => ({ ...intent, slots: () => intent.slots }))),
    ]),
  );
  return new InstanceServices({
    modules,
    lexBots,
    thirdParties: parsed.thirdParties,
    voiceId: parsed.voiceId,
    assistants: parsed.assistants,
    smsNumbers: parsed.smsNumbers,
    pastChats: () => pastChats(instance),
    ...(random ? { random } : {}),
    ...(parsed.customerProfiles
      ? { profiles: new InMemoryCustomerProfiles(parsed.customerProfiles) }
      : {}),
    ...(parsed.cases ? { cases: new InMemoryCases(parsed.cases) } : {}),
  });
}
