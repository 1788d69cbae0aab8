import * as z from "zod";
import { CONTACT_FLOW_TYPES } from "../flow/flow-types.ts";
import { servicesSeedSchema } from "./services-seed.ts";

export const channelSchema = z.enum(["VOICE", "CHAT", "TASK", "EMAIL"]);
export type Channel = z.infer<typeof channelSchema>;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM");
const day = z.enum(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]);

export const contactFlowTypeSchema = z.enum(Object.values(CONTACT_FLOW_TYPES));

export const hoursSeedSchema = z.object({
  id: z.string().optional(),
  name: z.string().min(1),
  timeZone: z.string().refine(isTimeZone, "expected an IANA time zone such as Europe/London"),
  config: z.array(z.object({ day, startTime: clockTime, endTime: clockTime })),
});

export const handleTimeSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("fixed"), seconds: z.number().min(0) }),
  z.object({ type: z.literal("uniform"), minSeconds: z.number().min(0), maxSeconds: z.number() }),
  z.object({ type: z.literal("exponential"), meanSeconds: z.number().positive() }),
]);
export type HandleTime = z.infer<typeof handleTimeSchema>;

export const agentBehaviourSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("scripted"),
    answerAfterSeconds: z.number().min(0).default(0),
    /** Chat only: the text the agent sends once connected. */
    replyText: z.string().max(1024).optional(),
    /** Ends the contact this long after connecting; otherwise a handleTime sample. */
    endAfterSeconds: z.number().min(0).optional(),
    handleTime: handleTimeSchema.default({ type: "fixed", seconds: 180 }),
    afterContactWorkSeconds: z.number().min(0).default(0),
  }),
  z.object({
    mode: z.literal("driven"),
    afterContactWorkSeconds: z.number().min(0).default(0),
  }),
]);
export type AgentBehaviour = z.infer<typeof agentBehaviourSchema>;

export const instanceSeedSchema = z.object({
  instanceId: z
    .string()
    .regex(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i, "expected a UUID")
    .optional(),
  alias: z.string().default("connect-emulator"),
  region: z.string().default("eu-west-2"),
  accountId: z
    .string()
    .regex(/^\d{12}$/)
    .default("111122223333"),
  hoursOfOperation: z.array(hoursSeedSchema).default([]),
  queues: z
    .array(
      z.object({
        id: z.string().optional(),
        name: z.string().min(1),
        hoursOfOperation: z.string().optional(),
        maxContacts: z.number().int().positive().optional(),
        outboundCallerIdNumber: z.string().optional(),
      }),
    )
    .default([]),
  routingProfiles: z
    .array(
      z.object({
        id: z.string().optional(),
        name: z.string().min(1),
        queues: z.array(
          z.object({
            queue: z.string().min(1),
            channel: channelSchema,
            priority: z.number().int().min(1).max(99).default(1),
          }),
        ),
        concurrency: z.partialRecord(channelSchema, z.number().int().min(1).max(10)).default({}),
      }),
    )
    .default([]),
  agents: z
    .array(
      z.object({
        id: z.string().optional(),
        username: z.string().min(1),
        routingProfile: z.string().min(1),
        status: z.enum(["Available", "Offline", "Break"]).default("Available"),
        behaviour: agentBehaviourSchema.default({ mode: "driven", afterContactWorkSeconds: 0 }),
      }),
    )
    .default([]),
  flows: z
    .array(
      z.object({
        id: z.string().optional(),
        name: z.string().min(1),
        /** CreateContactFlow's Type; without one, the content's `Metadata.type`, else CONTACT_FLOW. */
        type: contactFlowTypeSchema.optional(),
        /** Exported flow JSON, run by the flow interpreter when one is attached. */
        content: z.unknown().optional(),
        /** Without content: the queue (by name or id) this flow transfers every contact to. */
        queue: z.string().optional(),
      }),
    )
    .default([]),
  /** Modules, Lex bots, profiles, cases, third parties, Voice ID and Amazon Q assistants. */
  services: servicesSeedSchema.optional(),
});

export type InstanceSeed = z.input<typeof instanceSeedSchema>;
export type ParsedInstanceSeed = z.output<typeof instanceSeedSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
