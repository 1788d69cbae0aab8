/**
 * The AWS query protocol as `@aws-sdk/client-sns` speaks it: every call is `POST /` with a
 * form body (`Action`, `Version=2010-03-31`, then the operation's members; maps flattened as
 * `Attributes.entry.N.key`/`.value`), answered in XML. Written here because the emulator
 * only writes a few fixed shapes; an XML library would add nothing but weight.
 */
import { randomUUID } from "node:crypto";
import type { EmulatorResponse } from "../shared-http/http-types.ts";

const NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
const CONTENT_TYPE = "text/xml";

/** An SNS error with the query-protocol code the SDK maps to its exception class. */
export class SnsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SnsError";
  }
}

// Codes and statuses from the awsQueryError traits in @aws-sdk/client-sns's schema.
export const snsErrors = {
  notFound: (message: string) => new SnsError(404, "NotFound", message),
  invalidParameter: (message: string) => new SnsError(400, "InvalidParameter", message),
  unknownAction: (action: string) =>
    new SnsError(400, "InvalidAction", `The action ${action} is not valid for this endpoint.`),
};

/** The form's members; a flattened map comes back as an object. */
export class QueryInput {
  readonly #fields: URLSearchParams;

  constructor(body: string) {
    this.#fields = new URLSearchParams(body);
  }

  optional(name: string): string | undefined {
    return this.#fields.get(name) ?? undefined;
  }

  required(name: string): string {
    const value = this.#fields.get(name);
    if (value === null || value === "") throw snsErrors.invalidParameter(`${name} is required`);
    return value;
  }

  /** `<name>.entry.N.key` / `<name>.entry.N.value`, N counting from 1. */
  map(name: string): Record<string, string> {
    const entries: Record<string, string> = {};
    for (let n = 1; this.#fields.has(`${name}.entry.${n}.key`); n++) {
      const key = this.#fields.get(`${name}.entry.${n}.key`) ?? "";
      entries[key] = this.#fields.get(`${name}.entry.${n}.value`) ?? "";
    }
    return entries;
  }
}

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…` with the given body. */
export function resultResponse(action: string, resultXml: string): EmulatorResponse {
  const xml =
    `<${action}Response xmlns="${NAMESPACE}">` +
    `<${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>` +
    `</${action}Response>`;
  return { status: 200, body: xml, headers: { "content-type": CONTENT_TYPE } };
}

export function errorResponse(error: SnsError): EmulatorResponse {
  const type = error.status >= 500 ? "Receiver" : "Sender";
  const xml =
    `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status: error.status, body: xml, headers: { "content-type": CONTENT_TYPE } };
}

/** A string map as the query protocol writes one: `<entry><key/><value/></entry>`. */
export function mapXml(name: string, entries: Readonly<Record<string, string>>): string {
  const items = Object.entries(entries)
    .map(
      ([key, value]) =>
        `<entry><key>${escapeXml(key)}</key><value>${escapeXml(value)}</value></entry>`,
    )
    .join("");
  return `<${name}>${items}</${name}>`;
}

export function element(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}
