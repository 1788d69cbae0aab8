import * as z from "zod";

const common = {
  MessageId: z.string().min(1),
  TopicArn: z.string().min(1),
  Message: z.string(),
  Timestamp: z.string(),
  SignatureVersion: z.string().optional(),
  Signature: z.string().optional(),
  SigningCertURL: z.string().optional(),
};

/** What SNS POSTs to an HTTP/S subscriber (protocols.md §3.4); unknown keys are ignored. */
export const snsEnvelopeSchema = z.discriminatedUnion("Type", [
  z.object({
    Type: z.literal("Notification"),
    ...common,
    Subject: z.string().nullish(),
    UnsubscribeURL: z.string().optional(),
    MessageAttributes: z.unknown().optional(),
  }),
  z.object({
    Type: z.enum(["SubscriptionConfirmation", "UnsubscribeConfirmation"]),
    ...common,
    Token: z.string(),
    SubscribeURL: z.string(),
  }),
]);

export type SnsEnvelope = z.output<typeof snsEnvelopeSchema>;
export type SnsNotification = Extract<SnsEnvelope, { Type: "Notification" }>;
