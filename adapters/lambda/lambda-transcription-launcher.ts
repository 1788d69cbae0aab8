import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { DependencyFailedError } from "../../core/errors.ts";
import type {
  TranscriptionJob,
  TranscriptionLauncher,
} from "../../core/ports/transcription-launcher.ts";

export interface LambdaTranscriptionLauncherOptions {
  readonly client: LambdaClient;
  /** The transcript worker's function name or ARN. */
  readonly functionName: string;
}

/**
 * Starts the transcript worker as an asynchronous Lambda invocation: Lambda queues the event
 * and answers 202 at once, so the contact flow's step stays well inside its 8 s.
 */
export class LambdaTranscriptionLauncher implements TranscriptionLauncher {
  readonly #client: LambdaClient;
  readonly #functionName: string;

  constructor(options: LambdaTranscriptionLauncherOptions) {
    this.#client = options.client;
    this.#functionName = options.functionName;
  }

  async launch(job: TranscriptionJob): Promise<void> {
    let status: number | undefined;
    try {
      const output = await this.#client.send(
        new InvokeCommand({
          FunctionName: this.#functionName,
          InvocationType: "Event",
          Payload: new TextEncoder().encode(JSON.stringify(job)),
        }),
      );
      status = output.StatusCode;
    } catch (error) {
      throw new DependencyFailedError(`could not start the transcript worker: ${String(error)}`, {
        cause: error,
      });
    }
    if (status !== 202) {
      throw new DependencyFailedError(`the transcript worker's invoke answered ${status}`);
    }
  }
}
