import * as z from "zod";
import { RequestError } from "./request-error.ts";

/** One action the page can take: a method, a path pattern (named groups become params), a run. */
export interface ApiRoute {
  readonly method: string;
  readonly path: RegExp;
  run(body: unknown, params: Record<string, string>): Promise<ApiAnswer>;
}

export interface ApiAnswer {
  readonly status?: number;
  readonly json: unknown;
}

/**
 * A route whose handler returns its JSON (or a full answer, from `answer`). Whatever it
 * throws becomes the one refusal mapping below.
 */
export function apiRoute(
  method: string,
  path: RegExp,
  run: (body: unknown, params: Record<string, string>) => unknown,
): ApiRoute {
  return {
    method,
    path,
    run: async (body, params) => {
      try {
        const result = await run(body, params);
        return result instanceof Answer ? result : { json: result ?? {} };
      } catch (error) {
        throw refusal(error);
      }
    },
  };
}

class Answer implements ApiAnswer {
  constructor(
    readonly status: number,
    readonly json: unknown,
  ) {}
}

/** An answer with its own status, for a handler that refuses without throwing. */
export function answer(status: number, json: unknown): ApiAnswer {
  return new Answer(status, json);
}

/** Bad input is the page's to fix (400); a refused action, such as ending a chat twice, is 409. */
function refusal(error: unknown): RequestError {
  if (error instanceof RequestError) return error;
  if (error instanceof z.ZodError)
    return new RequestError(400, z.prettifyError(error), { cause: error });
  return new RequestError(409, error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}
