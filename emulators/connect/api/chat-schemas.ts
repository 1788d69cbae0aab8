import * as z from "zod";

const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");

// Attribute rules from the StartChatContact and UpdateContactAttributes docs (protocols.md §3.3).
export const attributesSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9_-]+$/, "keys may hold letters, digits, - and _"),
    z.string(),
  )
  .refine(
    (attributes) =>
      Object.entries(attributes).reduce((sum, [k, v]) => sum + utf8Bytes(k) + utf8Bytes(v), 0) <=
      32_768,
    "attributes may total at most 32,768 UTF-8 bytes",
  );

export const initialMessageContentTypes = [
  "text/plain",
  "text/markdown",
  "application/json",
  "application/vnd.amazonaws.connect.message.interactive.response",
] as const;

const supportedContentTypes = [
  ...initialMessageContentTypes,
  "application/vnd.amazonaws.connect.message.interactive",
] as const;

export const chatMessageSchema = z.object({
  ContentType: z.enum(initialMessageContentTypes),
  Content: z
    .string()
    .min(1)
    .refine((content) => utf8Bytes(content) <= 16_384, "content may be at most 16,384 bytes"),
});

const segmentValueSchema: z.ZodType<unknown> = z.lazy(() =>
  z.object({
    ValueString: z.string().optional(),
    ValueInteger: z.number().int().optional(),
    ValueArn: z.string().optional(),
    ValueList: z.array(segmentValueSchema).optional(),
    ValueMap: z.record(z.string(), segmentValueSchema).optional(),
  }),
);

export const segmentAttributesSchema = z.record(z.string(), segmentValueSchema);

export const supportedContentTypesSchema = z
  .array(z.enum(supportedContentTypes))
  .refine((types) => types.includes("text/plain"), "must include text/plain");

// 60 minutes to 7 days; 25 hours when absent (StartChatContact API reference).
export const chatDurationSchema = z.number().int().min(60).max(10_080);
export const defaultChatDurationMinutes = 25 * 60;

export const startChatSchema = z.object({
  InstanceId: z.string().min(1).max(100),
  ContactFlowId: z.string().min(1).max(500),
  Attributes: attributesSchema.optional(),
  ParticipantDetails: z.object({ DisplayName: z.string().min(1).max(256) }),
  InitialMessage: chatMessageSchema.optional(),
  ClientToken: z.string().max(500).optional(),
  ChatDurationInMinutes: chatDurationSchema.optional(),
  SupportedMessagingContentTypes: supportedContentTypesSchema.optional(),
  PersistentChat: z
    .object({
      RehydrationType: z.enum(["ENTIRE_PAST_SESSION", "FROM_SEGMENT"]).optional(),
      SourceContactId: z.string().min(1).max(256).optional(),
    })
    .optional(),
  RelatedContactId: z.string().min(1).max(256).optional(),
  SegmentAttributes: segmentAttributesSchema.optional(),
  CustomerId: z.string().max(128).optional(),
  ParticipantConfiguration: z
    .object({ ResponseMode: z.enum(["COMPLETE", "INCREMENTAL"]).optional() })
    .optional(),
  DisconnectOnCustomerExit: z.array(z.literal("AGENT")).optional(),
});

export type StartChatRequest = z.infer<typeof startChatSchema>;

const endpointSchema = z.object({
  Type: z.enum([
    "TELEPHONE_NUMBER",
    "VOIP",
    "CONTACT_FLOW",
    "CONNECT_PHONENUMBER_ARN",
    "EMAIL_ADDRESS",
  ]),
  Address: z.string().min(1),
});

export const startOutboundChatSchema = z.object({
  SourceEndpoint: endpointSchema,
  DestinationEndpoint: endpointSchema,
  InstanceId: z.string().min(1),
  SegmentAttributes: segmentAttributesSchema.refine(
    (attributes) => "connect:Subtype" in attributes,
    "must include connect:Subtype",
  ),
  Attributes: attributesSchema.optional(),
  ContactFlowId: z.string().min(1),
  ChatDurationInMinutes: chatDurationSchema.optional(),
  ParticipantDetails: z.object({ DisplayName: z.string().min(1).max(256) }).optional(),
  InitialSystemMessage: chatMessageSchema.optional(),
  RelatedContactId: z.string().optional(),
  SupportedMessagingContentTypes: supportedContentTypesSchema.optional(),
  ClientToken: z.string().max(500).optional(),
});

export const startStreamingSchema = z.object({
  InstanceId: z.string().min(1),
  ContactId: z.string().min(1),
  ChatStreamingConfiguration: z.object({
    StreamingEndpointArn: z
      .string()
      .regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/, "expected a standard SNS topic ARN"),
  }),
  ClientToken: z.string().max(500).optional(),
});

export const stopStreamingSchema = z.object({
  InstanceId: z.string().min(1),
  ContactId: z.string().min(1),
  StreamingId: z.string().min(1),
});
