import { PollyClient } from "@aws-sdk/client-polly";
import { startPollyEmulator } from "../../emulators/polly/index.ts";
import {
  ESPEAK_INSTALL_HINT,
  espeakAvailable,
  SpeechEngine,
} from "../../emulators/speech/index.ts";
import { awsClientOptions } from "../../functions/shared/aws-client-options.ts";
import type { PollyTarget } from "./prompts-args.ts";

/** A Polly client ready to use, what it is aimed at (for the summary), and how to let go. */
export interface OpenPolly {
  readonly client: PollyClient;
  readonly description: string;
  close(): Promise<void>;
}

/** The machine cannot run the local Polly: the message says what to install. */
export class LocalPollyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LocalPollyUnavailableError";
  }
}

/** `espeakCommand` replaces espeak-ng on the PATH (a test shows a machine without it). */
export async function openPolly(target: PollyTarget, espeakCommand?: string): Promise<OpenPolly> {
  if (target.kind === "aws") {
    const client = new PollyClient({
      ...(target.region ? { region: target.region } : {}),
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    });
    const where = target.endpoint ?? `region ${target.region ?? "from the AWS configuration"}`;
    return { client, description: `Amazon Polly (${where})`, close: async () => client.destroy() };
  }
  if (target.kind === "endpoint") {
    const client = new PollyClient(awsClientOptions(target.region, target.endpoint));
    return { client, description: target.endpoint, close: async () => client.destroy() };
  }
  const command = espeakCommand ?? "espeak-ng";
  if (!(await espeakAvailable(command))) {
    throw new LocalPollyUnavailableError(
      `the local Polly needs ${command}, which is not installed here: ${ESPEAK_INSTALL_HINT}; or pass --aws to use Amazon Polly`,
    );
  }
  const emulator = await startPollyEmulator({ speech: new SpeechEngine({ command }) });
  const client = new PollyClient(awsClientOptions("us-east-1", emulator.url));
  return {
    client,
    description: "the local Polly emulator (espeak-ng)",
    close: async () => {
      client.destroy();
      await emulator.close();
    },
  };
}
