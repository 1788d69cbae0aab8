import { readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { join } from "node:path";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";

/**
 * What dynalite leaves out of a table's description and this layer keeps: the stream
 * (CreateTable/UpdateTable StreamSpecification; it drops the field) and time to live (it has
 * no UpdateTimeToLive and always describes DISABLED). The stream is described only
 * (StreamSpecification, LatestStreamArn, LatestStreamLabel): no DynamoDB Streams API serves
 * its records. Kept in `table-settings.json` beside dynalite's files when it runs on disk.
 */
interface TableSettings {
  stream?: { viewType: string; label: string } | undefined;
  ttlAttribute?: string | undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const TARGET = "DynamoDB_20120810.";
const OWN = new Set([
  "CreateTable",
  "UpdateTable",
  "DescribeTable",
  "DeleteTable",
  "UpdateTimeToLive",
  "DescribeTimeToLive",
]);

/** Puts the settings layer in front of a dynalite server's own request handler. */
export function addTableSettings(server: Server, options: { path?: string | undefined }): void {
  const [dynalite] = server.listeners("request") as Handler[];
  if (!dynalite) throw new Error("dynalite has no request handler");
  server.removeAllListeners("request");
  const store = new SettingsStore(options.path);
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.startsWith(TARGET) ? target.slice(TARGET.length) : "";
    if (!OWN.has(operation)) return dynalite(req, res);
    readBody(req)
      .then(async (raw) => {
        const call = (op: string, body: unknown) => replay(dynalite, req, op, body);
        const answer = await handle(operation, JSON.parse(raw || "{}"), call, store);
        send(res, answer, req.headers["content-type"]);
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        send(res, { status: 500, body: { __type: "InternalFailure", message } }, undefined);
      });
  });
}

async function handle(
  operation: string,
  body: Record<string, unknown>,
  call: (op: string, body: unknown) => Promise<Answer>,
  store: SettingsStore,
): Promise<Answer> {
  const name = String(body.TableName ?? "");
  const stream = body.StreamSpecification as { StreamEnabled?: boolean; StreamViewType?: string };
  if (operation === "UpdateTimeToLive") {
    const found = await call("DescribeTable", { TableName: name });
    if (found.status !== 200) return found;
    const spec = body.TimeToLiveSpecification as { Enabled?: boolean; AttributeName?: string };
    store.update(name, (s) => ({
      ...s,
      ttlAttribute: spec?.Enabled ? spec.AttributeName : undefined,
    }));
    return { status: 200, body: { TimeToLiveSpecification: spec } };
  }
  if (operation === "UpdateTable" && stream) {
    const { StreamSpecification: _, ...rest } = body;
    // dynalite refuses an UpdateTable with nothing it knows to change; describe instead.
    const onlyStream = Object.keys(rest).every((key) => key === "TableName");
    const answer = await call(onlyStream ? "DescribeTable" : "UpdateTable", rest);
    if (answer.status !== 200) return answer;
    store.update(name, (s) => ({ ...s, stream: streamOf(stream) }));
    const table = (answer.body.Table ?? answer.body.TableDescription) as Record<string, unknown>;
    return { status: 200, body: { TableDescription: describe(table, store.get(name)) } };
  }
  const answer = await call(operation, body);
  if (answer.status !== 200) return answer;
  if (operation === "CreateTable") store.set(name, { stream: streamOf(stream) });
  if (operation === "DeleteTable") store.set(name, undefined);
  if (operation === "DescribeTimeToLive") {
    const attribute = store.get(name)?.ttlAttribute;
    const description = attribute
      ? { TimeToLiveStatus: "ENABLED", AttributeName: attribute }
      : { TimeToLiveStatus: "DISABLED" };
    return { status: 200, body: { TimeToLiveDescription: description } };
  }
  for (const key of ["Table", "TableDescription"]) {
    const table = answer.body[key] as Record<string, unknown> | undefined;
    if (table) answer.body[key] = describe(table, store.get(name));
  }
  return answer;
}

function streamOf(spec: { StreamEnabled?: boolean; StreamViewType?: string } | undefined) {
  if (!spec?.StreamEnabled) return undefined;
  // A stream label is the creation time, ISO 8601 without a zone (DescribeTable reference).
  const label = new Date().toISOString().replace("Z", "");
  return { viewType: spec.StreamViewType ?? "NEW_AND_OLD_IMAGES", label };
}

function describe(table: Record<string, unknown>, settings: TableSettings | undefined) {
  const stream = settings?.stream;
  if (!stream) return table;
  return {
    ...table,
    StreamSpecification: { StreamEnabled: true, StreamViewType: stream.viewType },
    LatestStreamLabel: stream.label,
    LatestStreamArn: `${String(table.TableArn)}/stream/${stream.label}`,
  };
}

/** Hands one call to dynalite's handler with a body of ours, and collects its answer. */
function replay(dynalite: Handler, original: IncomingMessage, op: string, body: unknown) {
  return new Promise<Answer>((resolve) => {
    const text = JSON.stringify(body);
    const req = Object.assign(Readable.from([Buffer.from(text)]), {
      method: "POST",
      url: original.url,
      headers: { ...original.headers, "x-amz-target": `${TARGET}${op}` },
    });
    const headers = new Map<string, unknown>();
    const res = {
      statusCode: 200,
      setHeader: (key: string, value: unknown) => headers.set(key.toLowerCase(), value),
      getHeader: (key: string) => headers.get(key.toLowerCase()),
      end: (chunk?: string) => {
        resolve({ status: res.statusCode, body: parseAnswer(chunk) });
      },
    };
    dynalite(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  });
}

// dynalite answers JSON, except an XML-ish line for requests it cannot route at all.
function parseAnswer(chunk: string | undefined): Record<string, unknown> {
  if (!chunk) return {};
  try {
    return JSON.parse(chunk) as Record<string, unknown>;
  } catch {
    return { __type: "UnknownOperationException", message: chunk };
  }
}

function send(res: ServerResponse, answer: Answer, contentType: string | string[] | undefined) {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    "content-type": String(contentType ?? "application/x-amz-json-1.0").split(";")[0] ?? "",
    // The SDK may check the body against this (DynamoDB sends it on every answer).
    "x-amz-crc32": String(crc32(text)),
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

class SettingsStore {
  readonly #file: string | undefined;
  readonly #tables: Record<string, TableSettings>;

  constructor(path: string | undefined) {
    this.#file = path ? join(path, "table-settings.json") : undefined;
    this.#tables = this.#file ? load(this.#file) : {};
  }

  get(name: string): TableSettings | undefined {
    return this.#tables[name];
  }

  set(name: string, settings: TableSettings | undefined): void {
    if (settings) this.#tables[name] = settings;
    else delete this.#tables[name];
    if (this.#file) writeFileSync(this.#file, JSON.stringify(this.#tables));
  }

  update(name: string, change: (settings: TableSettings) => TableSettings): void {
    this.set(name, change(this.#tables[name] ?? {}));
  }
}

function load(file: string): Record<string, TableSettings> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, TableSettings>;
  } catch {
    return {};
  }
}
