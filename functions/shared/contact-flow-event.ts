import * as z from "zod";

const endpoint = z.object({ Address: z.string(), Type: z.string() }).nullish();

/**
 * The contact-flow Lambda event (protocols.md §1.1). Only what the deflect function reads is
 * checked; Connect adds keys over time, so unknown keys are ignored.
 */
export const contactFlowEventSchema = z.object({
  Name: z.literal("ContactFlowEvent").optional(),
  Details: z.object({
    ContactData: z.object({
      Attributes: z.record(z.string(), z.string()).nullish(),
      Channel: z.string(),
      ContactId: z.string().min(1),
      InitialContactId: z.string().nullish(),
      InstanceARN: z.string().regex(/:instance\/[^/]+/, "expected a Connect instance ARN"),
      CustomerEndpoint: endpoint,
      Queue: z.object({ ARN: z.string(), Name: z.string().nullish() }).nullish(),
      LanguageCode: z.string().nullish(),
      MediaStreams: z
        .object({
          Customer: z
            .object({
              Audio: z
                .object({
                  StreamARN: z.string().nullish(),
                  StartFragmentNumber: z.string().nullish(),
                  StartTimestamp: z.string().nullish(),
                })
                .nullish(),
            })
            .nullish(),
        })
        .nullish(),
    }),
    Parameters: z.record(z.string(), z.string()).default({}),
  }),
});

export type ContactFlowEvent = z.output<typeof contactFlowEventSchema>;

const contactIdSchema = z.object({
  Details: z.object({ ContactData: z.object({ ContactId: z.string().min(1) }) }),
});

/** The contact a contact-flow event is about, read without checking the rest (for logs). */
export function flowContactId(event: unknown): string | undefined {
  const parsed = contactIdSchema.safeParse(event);
  return parsed.success ? parsed.data.Details.ContactData.ContactId : undefined;
}
