import * as z from "zod";

/** A restJson1 error as the Kinesis Video clients read it (x-amzn-ErrorType, then the body). */
export class KvsError extends Error {
  constructor(
    readonly errorName: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string) =>
  new KvsError("InvalidArgumentException", 400, message);

export const streamNotFound = () =>
  new KvsError(
    "ResourceNotFoundException",
    404,
    "The requested stream is not found or not active.",
  );

const streamRef = {
  StreamName: z.string().min(1).max(256).optional(),
  StreamARN: z.string().min(1).max(1024).optional(),
};

export const getDataEndpointSchema = z.object({
  ...streamRef,
  APIName: z.enum([
    "PUT_MEDIA",
    "GET_MEDIA",
    "LIST_FRAGMENTS",
    "GET_MEDIA_FOR_FRAGMENT_LIST",
    "GET_HLS_STREAMING_SESSION_URL",
    "GET_DASH_STREAMING_SESSION_URL",
    "GET_CLIP",
    "GET_IMAGES",
  ]),
});

const fragmentNumber = z.string().regex(/^[0-9]{1,128}$/, "a fragment number is decimal digits");

export const startSelectorSchema = z.discriminatedUnion("StartSelectorType", [
  z.object({ StartSelectorType: z.literal("NOW") }),
  z.object({ StartSelectorType: z.literal("EARLIEST") }),
  z.object({
    StartSelectorType: z.literal("FRAGMENT_NUMBER"),
    AfterFragmentNumber: fragmentNumber,
  }),
  // The SDK sends timestamps as epoch seconds (protocols §0).
  z.object({
    StartSelectorType: z.enum(["PRODUCER_TIMESTAMP", "SERVER_TIMESTAMP"]),
    StartTimestamp: z.number().nonnegative(),
  }),
  z.object({
    StartSelectorType: z.literal("CONTINUATION_TOKEN"),
    ContinuationToken: z.string().min(1).max(128),
  }),
]);

export type StartSelector = z.infer<typeof startSelectorSchema>;

export const getMediaSchema = z.object({ ...streamRef, StartSelector: startSelectorSchema });

/** Parses a JSON body against a schema; any problem is an InvalidArgumentException. */
export function parseRequest<T>(schema: z.ZodType<T>, body: Buffer): T {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8") || "{}");
  } catch {
    throw invalidArgument("The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "body";
    throw invalidArgument(`${where}: ${issue?.message ?? "invalid"}`);
  }
  const value = parsed.data as { StreamName?: string; StreamARN?: string };
  if (value.StreamName === undefined && value.StreamARN === undefined) {
    throw invalidArgument("StreamName or StreamARN is required.");
  }
  return parsed.data;
}
