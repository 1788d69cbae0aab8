import * as z from "zod";
import { InvalidConfigError } from "../core/errors.ts";
import type { PacingTable } from "../core/pacing/call-pacer.ts";
import { describeIssues } from "../core/policy/queue-policy.ts";
import type { RedactionSettings } from "../core/redaction/redactor.ts";
import {
  connectQuotas,
  optionalText,
  optionalUrl,
  tokenKey,
  transcriptSource,
} from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { redactionKinds, redactionSettings, redactPatterns } from "./redaction-values.ts";
import { processEnvironmentWithSecrets } from "./secret-environment.ts";

const schema = z
  .object({
    [ENV.awsRegion]: optionalText.default("us-east-1"),
    [ENV.tableName]: z.string().min(1),
    [ENV.dynamoEndpoint]: optionalUrl,
    [ENV.connectEndpoint]: optionalUrl,
    [ENV.connectParticipantEndpoint]: optionalUrl,
    [ENV.connectQuotas]: connectQuotas,
    [ENV.resumeInstanceId]: optionalText,
    [ENV.resumeContactFlowId]: z.string().min(1),
    [ENV.relayMode]: optionalText.default("streaming").pipe(z.enum(["streaming", "websocket"])),
    // Standard topics only; FIFO topics are refused by StartContactStreaming (protocols.md §3.4).
    [ENV.resumeRelayTopicArn]: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .regex(
          /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/,
          "expected a standard SNS topic ARN",
        )
        .optional(),
    ),
    [ENV.resumeTokenKey]: tokenKey,
    [ENV.redactPatterns]: redactPatterns,
    [ENV.resumeRedactCustomerMessages]: redactionKinds(["card-numbers"]),
    [ENV.resumeDisplayName]: optionalText.default("Customer"),
    [ENV.resumeWaitingLineText]: optionalText
      .default(
        "All our agents are busy right now. You're in line, and your messages are kept: " +
          "an agent will answer here as soon as one is free.",
      )
      .pipe(z.string().max(1024)),
    [ENV.transcriptSource]: transcriptSource,
  })
  .refine((e) => e[ENV.relayMode] === "websocket" || e[ENV.resumeRelayTopicArn] !== undefined, {
    path: [ENV.resumeRelayTopicArn],
    message: "is required when the relay runs on chat streaming",
  })
  // Contact Lens is asked per instance and contact; the transcript port passes only the contact.
  .refine(
    (e) => e[ENV.transcriptSource] !== "contact-lens" || e[ENV.resumeInstanceId] !== undefined,
    {
      path: [ENV.resumeInstanceId],
      message: "is required when DEFLECT_TRANSCRIPT_SOURCE is contact-lens",
    },
  );

export interface ResumeConfig {
  readonly region: string;
  readonly tableName: string;
  readonly dynamoEndpoint?: string;
  /** Also Contact Lens's: the local emulator serves both APIs. */
  readonly connectEndpoint?: string;
  /** Sent once to a customer whose chat cannot open yet (the active-chat limit). */
  readonly waitingLineText: string;
  /** The Connect quotas every instance paces its calls to, together. */
  readonly connectPacing: PacingTable;
  /** Defaults to the Connect endpoint: the local emulator serves both APIs. */
  readonly connectParticipantEndpoint?: string;
  readonly instanceId?: string;
  readonly contactFlowId: string;
  /** How the relay hears of a new chat: the SNS topic chats stream to, or the live list. */
  readonly relay:
    | { readonly mode: "streaming"; readonly topicArn: string }
    | { readonly mode: "websocket" };
  readonly tokenKey: Buffer;
  /** Removed from the call context (summary and attributes) besides cards and ids. */
  readonly redactPatterns: readonly string[];
  /** What is removed from the customer's own messages on their way into the chat. */
  readonly customerMessageRedaction: RedactionSettings;
  readonly displayName: string;
  /**
   * Where the call's words come from (DEFLECT_TRANSCRIPT_SOURCE): the transcript worker's
   * segments in the table, Contact Lens real-time analysis of the instance, or nothing.
   */
  readonly transcripts:
    | { readonly source: "transcribe" | "none" }
    | { readonly source: "contact-lens"; readonly instanceId: string };
}

/** Parses the resume function's environment once. Throws InvalidConfigError naming the key. */
export function loadResumeConfig(env: Readonly<Record<string, string | undefined>>): ResumeConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new InvalidConfigError(`invalid resume configuration: ${describeIssues(parsed.error)}`);
  }
  const e = parsed.data;
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  const participantEndpoint = e[ENV.connectParticipantEndpoint] ?? e[ENV.connectEndpoint];
  return Object.freeze({
    connectPacing: e[ENV.connectQuotas],
    region: e[ENV.awsRegion],
    tableName: e[ENV.tableName],
    contactFlowId: e[ENV.resumeContactFlowId],
    relay:
      e[ENV.relayMode] === "websocket"
        ? { mode: "websocket" as const }
        : { mode: "streaming" as const, topicArn: e[ENV.resumeRelayTopicArn] ?? "" },
    tokenKey: e[ENV.resumeTokenKey],
    redactPatterns: Object.freeze([...e[ENV.redactPatterns]]),
    customerMessageRedaction: redactionSettings(
      e[ENV.resumeRedactCustomerMessages],
      e[ENV.redactPatterns],
    ),
    displayName: e[ENV.resumeDisplayName],
    waitingLineText: e[ENV.resumeWaitingLineText],
    transcripts: transcriptsOf(e[ENV.transcriptSource], e[ENV.resumeInstanceId]),
    ...optional("dynamoEndpoint", e[ENV.dynamoEndpoint]),
    ...optional("connectEndpoint", e[ENV.connectEndpoint]),
    ...optional("connectParticipantEndpoint", participantEndpoint),
    ...optional("instanceId", e[ENV.resumeInstanceId]),
  });
}

function transcriptsOf(
  source: "transcribe" | "contact-lens" | "none",
  instanceId: string | undefined,
): ResumeConfig["transcripts"] {
  return source === "contact-lens"
    ? Object.freeze({ source, instanceId: instanceId ?? "" })
    : Object.freeze({ source });
}

/** The resume function's configuration, from this process's environment. */
export function resumeConfigFromEnvironment(): ResumeConfig {
  return loadResumeConfig(process.env);
}

/** The resume function's configuration, with the deployment's secret (the token key) merged in. */
export async function resumeConfigFromEnvironmentWithSecrets(): Promise<ResumeConfig> {
  return loadResumeConfig(await processEnvironmentWithSecrets());
}
