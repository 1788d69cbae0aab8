import { ApiError } from "../connect/http/api-error.ts";
import type { RouteSpec } from "../connect/http/router.ts";

export interface LambdaContext {
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

export type LambdaHandler = (event: unknown, context: LambdaContext) => unknown;

interface RegisteredFunction {
  readonly name: string;
  readonly arn: string;
  readonly handler: LambdaHandler;
  readonly timeoutMs: number;
}

export interface LambdaFunctionsOptions {
  readonly region: string;
  readonly accountId: string;
}

/** Local handlers behind the Lambda Invoke API, registered by function name or ARN. */
export class LambdaFunctions {
  private readonly functions = new Map<string, RegisteredFunction>();
  readonly invocations: { functionName: string; event: unknown; error?: string }[] = [];

  constructor(private readonly options: LambdaFunctionsOptions) {}

  register(
    nameOrArn: string,
    handler: LambdaHandler,
    options: { timeoutSeconds?: number } = {},
  ): string {
    const name = functionNameOf(nameOrArn);
    const arn = nameOrArn.startsWith("arn:")
      ? nameOrArn
      : `arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${name}`;
    this.functions.set(name, {
      name,
      arn,
      handler,
      timeoutMs: (options.timeoutSeconds ?? 3) * 1000,
    });
    return arn;
  }

  unregister(nameOrArn: string): void {
    this.functions.delete(functionNameOf(nameOrArn));
  }

  /** Runs a function the way a synchronous Invoke does; a thrown error becomes FunctionError. */
  async invoke(
    nameOrArn: string,
    event: unknown,
  ): Promise<{ payload: unknown; functionError?: string }> {
    const fn = this.functions.get(functionNameOf(nameOrArn));
    if (!fn) throw new ApiError("ResourceNotFoundException", `Function not found: ${nameOrArn}`);
    const deadline = Date.now() + fn.timeoutMs;
    const context: LambdaContext = {
      functionName: fn.name,
      invokedFunctionArn: fn.arn,
      awsRequestId: crypto.randomUUID(),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(fn.timeoutMs)), fn.timeoutMs);
    });
    try {
      const payload = await Promise.race([
        Promise.resolve().then(() => fn.handler(event, context)),
        timeout,
      ]);
      this.invocations.push({ functionName: fn.name, event });
      return { payload: payload ?? null };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.invocations.push({ functionName: fn.name, event, error: failure.message });
      const errorType = failure instanceof TimeoutError ? "Sandbox.Timedout" : failure.name;
      return {
        payload: { errorType, errorMessage: failure.message, trace: [] },
        functionError: "Unhandled",
      };
    } finally {
      clearTimeout(timer);
    }
  }

  routes(): RouteSpec[] {
    return [
      {
        method: "POST",
        path: "/2015-03-31/functions/{FunctionName}/invocations",
        operation: "Invoke",
        service: "lambda",
        handler: async (req) => {
          const text = req.rawBody.toString("utf8");
          let event: unknown = {};
          try {
            if (text.length > 0) event = JSON.parse(text);
          } catch {
            throw new ApiError(
              "InvalidRequestContentException",
              "Could not parse request body into json",
            );
          }
          const invocationType = String(req.headers["x-amz-invocation-type"] ?? "RequestResponse");
          const name = req.params.FunctionName ?? "";
          if (invocationType !== "RequestResponse" && !this.functions.has(functionNameOf(name))) {
            throw new ApiError("ResourceNotFoundException", `Function not found: ${name}`);
          }
          if (invocationType === "DryRun") return { status: 204, raw: "" };
          if (invocationType === "Event") {
            this.invoke(name, event).catch(() => undefined);
            return { status: 202, raw: "" };
          }
          const result = await this.invoke(name, event);
          return {
            raw: JSON.stringify(result.payload),
            headers: {
              "content-type": "application/json",
              "x-amz-executed-version": "$LATEST",
              ...(result.functionError ? { "x-amz-function-error": result.functionError } : {}),
            },
          };
        },
      },
    ];
  }
}

class TimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
    this.name = "TimeoutError";
  }
}

/** "fn", "arn:aws:lambda:r:a:function:fn[:alias]" and "a:function:fn" all name "fn". */
export function functionNameOf(nameOrArn: string): string {
  const parts = nameOrArn.split(":");
  const index = parts.indexOf("function");
  return index >= 0 ? (parts[index + 1] ?? nameOrArn) : nameOrArn;
}
