import type { CallPacer, CallPriority } from "../../core/pacing/call-pacer.ts";

/**
 * How each Connect and Participant call ranks in its budget: a customer's message first;
 * typing and read events, and per-contact metrics (which fall back to the queue's estimate),
 * never wait.
 */
export function connectCallPriority(operation: string): CallPriority {
  if (operation === "SendMessage") return "high";
  if (operation === "SendEvent" || operation === "GetContactMetrics") return "low";
  return "normal";
}

// The smallest view of an SDK client's middleware stack that pacing needs. The middleware's
// own type is the SDK's (@smithy/types), which this file does not depend on.
type Handler = (args: unknown) => Promise<unknown>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;
interface PacedClient {
  readonly middlewareStack: {
    addRelativeTo(
      middleware: never,
      options: { name: string; relation: "after"; toMiddleware: string; override?: boolean },
    ): void;
  };
}

/**
 * Puts every request of an AWS SDK client through the pacer, below the SDK's own retries so
 * each attempt waits its turn, and reports a ThrottlingException that still comes back, so
 * every process holds off that API for a while.
 */
export function paceClient(
  client: PacedClient,
  pacer: CallPacer,
  priorityOf: (operation: string) => CallPriority = connectCallPriority,
): void {
  const pacing: Middleware = (next, context) => async (args) => {
    const operation = (context.commandName ?? "").replace(/Command$/, "");
    await pacer.admit(operation, priorityOf(operation));
    try {
      return await next(args);
    } catch (error) {
      if (isThrottling(error)) await pacer.throttled(operation).catch(() => undefined);
      throw error;
    }
  };
  client.middlewareStack.addRelativeTo(pacing as never, {
    name: "deflectCallPacing",
    relation: "after",
    toMiddleware: "retryMiddleware",
    override: true,
  });
}

// A 429 that is not about the rate: StartChatContact at the instance's active-chat limit.
// Holding the API off would not free a chat; resume puts the customer in line instead.
const NOT_A_RATE = new Set(["LimitExceededException"]);

function isThrottling(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (failure.name && NOT_A_RATE.has(failure.name)) return false;
  return failure.name === "ThrottlingException" || failure.$metadata?.httpStatusCode === 429;
}
