import { afterAll, beforeAll, beforeEach } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../webhook-receiver.ts";
import { type FileHost, startFileHost } from "./file-host.ts";

/** What every messaging emulator offers a test's lifecycle. */
export interface ResettableEmulator {
  reset(): void;
  close(): Promise<void>;
}

export interface MessagingEmulatorOptions<E> {
  /** Starts the emulator; its webhooks go to the receiver at `receiverUrl`. */
  start(receiverUrl: string): Promise<E>;
  /** Runs before each test, once the emulator is reset and the receiver has forgotten. */
  beforeEachTest?(emulator: E, receiver: WebhookReceiver): Promise<unknown> | unknown;
}

const notStarted = (what: string): never => {
  throw new Error(`the ${what} starts in beforeAll`);
};

/**
 * One messaging emulator and the webhook receiver it posts to, for a test file: started in
 * `beforeAll`, closed in `afterAll`, and reset before each test so none sees another's sends.
 */
export function useMessagingEmulator<E extends ResettableEmulator>(
  options: MessagingEmulatorOptions<E>,
) {
  let receiver: WebhookReceiver | undefined;
  let emulator: E | undefined;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    emulator = await options.start(receiver.url);
  });
  afterAll(async () => {
    await emulator?.close();
    await receiver?.close();
  });
  beforeEach(async () => {
    const started = emulator ?? notStarted("emulator");
    const webhooks = receiver ?? notStarted("webhook receiver");
    started.reset();
    webhooks.received.length = 0;
    await options.beforeEachTest?.(started, webhooks);
  });
  return {
    emulator: (): E => emulator ?? notStarted("emulator"),
    receiver: (): WebhookReceiver => receiver ?? notStarted("webhook receiver"),
  };
}

/** A file host for a test file's media links: started in `beforeAll`, closed in `afterAll`. */
export function useFileHost(): () => FileHost {
  let files: FileHost | undefined;
  beforeAll(async () => {
    files = await startFileHost();
  });
  afterAll(() => files?.close());
  return () => files ?? notStarted("file host");
}
