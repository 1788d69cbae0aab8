import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ChannelRejectedError, DependencyFailedError } from "../../core/errors.ts";
import { vendorError } from "./vendor-error.ts";
import { sendWithRetries, type VendorCall } from "./vendor-http.ts";
import type { RetryEvent } from "./with-retries.ts";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A local vendor on port 0 that answers its n-th request with `handlers[n]` (the last repeats). */
async function startVendor(handlers: Handler[]) {
  const seen: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const handler = handlers[Math.min(seen.length, handlers.length - 1)];
    seen.push(request);
    request.resume();
    handler?.(request, response);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  closers.push(close);
  return { url: `http://127.0.0.1:${port}/send`, seen, close };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const answer =
  (status: number, body: unknown = {}, headers: Record<string, string> = {}): Handler =>
  (_request, response) => {
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify(body));
  };
const silent: Handler = () => {};
const cut: Handler = (request) => request.socket.destroy();

/** Waits are recorded, never slept; traces are kept; the vendor's error maps as adapters do. */
function call(url: string, overrides: Partial<VendorCall<unknown>> = {}) {
  const waits: number[] = [];
  const retries: RetryEvent[] = [];
  const options: VendorCall<unknown> = {
    operation: "Vendor.send",
    request: { url, method: "POST", body: "{}" },
    idempotent: false,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    onRetry: (event) => retries.push(event),
    read: async (response) => {
      const json: unknown = await response.json();
      if (!response.ok) throw vendorError({ status: response.status, message: "refused" });
      return json;
    },
    ...overrides,
  };
  return { result: sendWithRetries(options), waits, retries };
}

describe("sendWithRetries", () => {
  it("waits out a 429's Retry-After in seconds, then answers the success", async () => {
    const vendor = await startVendor([
      answer(429, {}, { "retry-after": "1" }),
      answer(200, { id: "m1" }),
    ]);
    const { result, waits, retries } = call(vendor.url);
    await expect(result).resolves.toEqual({ id: "m1" });
    expect(waits).toEqual([1_000]);
    expect(retries).toEqual([
      { operation: "Vendor.send", attempt: 1, reason: "throttled", status: 429, waitMs: 1_000 },
    ]);
    expect(vendor.seen).toHaveLength(2);
  });

  it("reads Retry-After given as an HTTP date against the injected clock", async () => {
    const now = Date.parse("Mon, 07 Dec 2026 21:00:00 GMT");
    const vendor = await startVendor([
      answer(429, {}, { "retry-after": "Mon, 07 Dec 2026 21:00:01 GMT" }),
      answer(200, { id: "m1" }),
    ]);
    const { result, waits } = call(vendor.url, { now: () => now });
    await expect(result).resolves.toEqual({ id: "m1" });
    expect(waits).toEqual([1_000]);
  });

  it("fails at once when Retry-After is longer than the longest wait", async () => {
    const vendor = await startVendor([answer(429, {}, { "retry-after": "30" })]);
    const { result, waits } = call(vendor.url, { maxWaitMs: 1_000 });
    await expect(result).rejects.toMatchObject({
      code: "DEPENDENCY_FAILED",
      details: { status: 429 },
    });
    expect(waits).toEqual([]);
    expect(vendor.seen).toHaveLength(1);
  });

  it("retries a 5xx of an idempotent request up to the bound, with jittered backoff, then maps it", async () => {
    const vendor = await startVendor([answer(503)]);
    const { result, waits, retries } = call(vendor.url, { idempotent: true });
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyFailedError);
    expect(error).toMatchObject({ details: { status: 503 } });
    expect(vendor.seen).toHaveLength(3);
    // Full jitter at random() = 0.5: half of 200 ms, then half of 400 ms.
    expect(waits).toEqual([100, 200]);
    expect(retries.map((r) => r.reason)).toEqual(["server-error", "server-error"]);
  });

  it("caps the backoff at maxDelayMs", async () => {
    const vendor = await startVendor([answer(500)]);
    const options = { idempotent: true, maxAttempts: 4, maxDelayMs: 300, random: () => 1 };
    const { result, waits } = call(vendor.url, options);
    await expect(result).rejects.toBeInstanceOf(DependencyFailedError);
    expect(waits).toEqual([200, 300, 300]);
  });

  it("does not retry a 5xx of a request that may have taken effect", async () => {
    const vendor = await startVendor([answer(500)]);
    const { result } = call(vendor.url);
    await expect(result).rejects.toMatchObject({ details: { status: 500 } });
    expect(vendor.seen).toHaveLength(1);
  });

  it("never retries a 400, and maps it to a rejection", async () => {
    const vendor = await startVendor([answer(400, { error: "bad" })]);
    const { result, waits } = call(vendor.url, { idempotent: true });
    await expect(result).rejects.toBeInstanceOf(ChannelRejectedError);
    expect(vendor.seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("retries a refused connection even when the request is not idempotent", async () => {
    const vendor = await startVendor([answer(200)]);
    await vendor.close();
    const { result, retries } = call(vendor.url);
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyFailedError);
    expect(error).toMatchObject({
      details: { operation: "Vendor.send", attempts: 3, timedOut: false },
    });
    expect(retries.map((r) => r.reason)).toEqual(["unreachable", "unreachable"]);
  });

  it("retries a connection reset mid-request when the request is idempotent", async () => {
    const vendor = await startVendor([cut, answer(200, { id: "m1" })]);
    const { result, retries } = call(vendor.url, { idempotent: true });
    await expect(result).resolves.toEqual({ id: "m1" });
    expect(vendor.seen).toHaveLength(2);
    expect(retries.map((r) => r.reason)).toEqual(["unreachable"]);
  });

  it("does not retry a reset that may hide a sent message", async () => {
    const vendor = await startVendor([cut, answer(200, { id: "m1" })]);
    const { result } = call(vendor.url);
    await expect(result).rejects.toMatchObject({ details: { attempts: 1, timedOut: false } });
    expect(vendor.seen).toHaveLength(1);
  });

  it("times out each attempt on its own", async () => {
    const vendor = await startVendor([silent]);
    const { result, retries } = call(vendor.url, {
      idempotent: true,
      maxAttempts: 2,
      timeoutMs: 100,
    });
    await expect(result).rejects.toMatchObject({
      code: "DEPENDENCY_FAILED",
      details: { attempts: 2, timedOut: true },
    });
    expect(vendor.seen).toHaveLength(2);
    expect(retries.map((r) => r.reason)).toEqual(["timed-out"]);
  });

  it("builds the request anew for each attempt, so a signature or nonce can change", async () => {
    const vendor = await startVendor([answer(429), answer(200, { id: "m1" })]);
    const request = (attempt: number) => ({
      url: vendor.url,
      method: "POST",
      headers: { "x-nonce": `nonce-${attempt}` },
    });
    const { result } = call(vendor.url, { request });
    await expect(result).resolves.toEqual({ id: "m1" });
    expect(vendor.seen.map((r) => r.headers["x-nonce"])).toEqual(["nonce-1", "nonce-2"]);
  });

  it("takes the wait from the error body where a vendor puts it there", async () => {
    const vendor = await startVendor([
      answer(429, { parameters: { retry_after: 2 } }),
      answer(200, { id: "m1" }),
    ]);
    const retryAfterSecondsIn = (body: unknown) =>
      (body as { parameters?: { retry_after?: number } }).parameters?.retry_after;
    const { result, waits } = call(vendor.url, { retryAfterSecondsIn });
    await expect(result).resolves.toEqual({ id: "m1" });
    expect(waits).toEqual([2_000]);
  });
});
