import { beforeAll, expect } from "vitest";
import type { CustomerAddress } from "../../core/channel.ts";
import { ChannelRejectedError } from "../../core/errors.ts";
import type { OutboundMedia } from "../../core/ports/messenger-channel.ts";

// This folder imports nothing from emulators/ (dependency-cruiser forbids it outside test
// files): a test passes its emulator in, from emulators/shared-http/test-support.

/**
 * The sender a test file aims at its platform's emulator, built once in `beforeAll`. Call it
 * after the emulator's own hook (`useMessagingEmulator`), so the emulator is up when it runs.
 */
export function useSenderUnderTest<E, S>(emulator: () => E, build: (emulator: E) => S): () => S {
  let sender: S | undefined;
  beforeAll(() => {
    sender = build(emulator());
  });
  return () => {
    if (sender === undefined) throw new Error("the sender under test is built in beforeAll");
    return sender;
  };
}

/** The error a send (or typing call) was refused with; the test fails if the call went through. */
export async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => expect.fail("expected the send to be refused"),
    (error: unknown) => error,
  );
}

/** Asserts the call was refused as a ChannelRejectedError whose details match `details`. */
export async function expectRefused(
  call: Promise<unknown>,
  details: Record<string, unknown>,
): Promise<void> {
  const error = await rejection(call);
  expect(error).toBeInstanceOf(ChannelRejectedError);
  expect(error).toMatchObject({ details });
}

/** A file the test serves, as `sample-files.ts` and `FileHost.put` take it. */
export interface SampleFile {
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** Makes an agent's file to `to` as the core hands it to a channel: `file`, served at `url`. */
export function agentFilesTo(
  to: CustomerAddress,
): (file: SampleFile, url: string) => OutboundMedia {
  return (file, url) => ({
    kind: "media",
    to,
    url,
    contentType: file.contentType,
    fileName: "file",
    sizeInBytes: file.bytes.byteLength,
    reference: "item-1#att-1",
  });
}
