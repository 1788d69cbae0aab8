import { EventStreamCodec, getChunkedStream, type Message } from "@smithy/core/event-streams";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import type { TranscribeError } from "./transcribe-errors.ts";

/** AWS event-stream framing (prelude, headers, CRCs) from the SDK's own codec. */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** What one request frame carried: audio, the end of the audio, or something else. */
export type InboundEvent =
  | { readonly kind: "audio"; readonly chunk: Uint8Array }
  | { readonly kind: "end" }
  | { readonly kind: "other"; readonly eventType: string };

/**
 * The request body's events, across any chunking. Each outer message carries `:date` and
 * `:chunk-signature` and, as its payload, a nested event message; an outer message with an
 * empty payload ends the audio (protocols.md §8.2). Framing errors (bad length or CRC) throw.
 */
export async function* inboundEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<InboundEvent> {
  for await (const bytes of getChunkedStream(body)) {
    const outer = codec.decode(bytes);
    if (outer.body.length === 0) {
      yield { kind: "end" };
      continue;
    }
    const inner = codec.decode(outer.body);
    const eventType = headerString(inner, ":event-type");
    yield eventType === "AudioEvent"
      ? { kind: "audio", chunk: inner.body }
      : { kind: "other", eventType: eventType ?? "" };
  }
}

function headerString(message: Message, name: string): string | undefined {
  const header = message.headers[name];
  return header?.type === "string" ? header.value : undefined;
}

/** A TranscriptEvent message of the response stream. */
export function transcriptEventMessage(event: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ":message-type": { type: "string", value: "event" },
      ":event-type": { type: "string", value: "TranscriptEvent" },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: fromUtf8(JSON.stringify(event)),
  });
}

/** An exception message: the client throws it as the modelled error. */
export function exceptionMessage(error: TranscribeError): Uint8Array {
  return codec.encode({
    headers: {
      ":message-type": { type: "string", value: "exception" },
      ":exception-type": { type: "string", value: error.errorName },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: fromUtf8(JSON.stringify({ Message: error.message })),
  });
}

/** Encodes an AudioEvent as the client does (for tests and tools that stream audio). */
export function audioEventFrame(chunk: Uint8Array | undefined): Uint8Array {
  const inner = chunk
    ? codec.encode({
        headers: {
          ":message-type": { type: "string", value: "event" },
          ":event-type": { type: "string", value: "AudioEvent" },
          ":content-type": { type: "string", value: "application/octet-stream" },
        },
        body: chunk,
      })
    : new Uint8Array(0);
  return codec.encode({
    headers: {
      ":date": { type: "timestamp", value: new Date() },
      ":chunk-signature": { type: "binary", value: new Uint8Array(32) },
    },
    body: inner,
  });
}
