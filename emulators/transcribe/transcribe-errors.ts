// Statuses from the httpError traits in @aws-sdk/client-transcribe-streaming 3.1141.0
// (dist-es/schemas/schemas_0.js); protocols.md §8.2.
const STATUS = {
  BadRequestException: 400,
  ConflictException: 409,
  InternalFailureException: 500,
  LimitExceededException: 429,
  ServiceUnavailableException: 503,
} as const;

export type TranscribeErrorName = keyof typeof STATUS;

/** An error Transcribe streaming reports, by the name the SDK throws. */
export class TranscribeError extends Error {
  readonly errorName: TranscribeErrorName;

  constructor(errorName: TranscribeErrorName, message: string) {
    super(message);
    this.name = "TranscribeError";
    this.errorName = errorName;
  }

  get status(): number {
    return STATUS[this.errorName];
  }
}

export const transcribeErrors = {
  badRequest: (message: string) => new TranscribeError("BadRequestException", message),
  /** The service's own wording (seen in client logs, e.g. amazon-connect-realtime-transcription #72). */
  noAudio: (seconds: number) =>
    new TranscribeError(
      "BadRequestException",
      `Your request timed out because no new audio was received for ${seconds} seconds.`,
    ),
};
