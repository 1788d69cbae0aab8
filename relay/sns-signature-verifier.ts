import { createPublicKey, createVerify, type KeyObject } from "node:crypto";
import { SignatureInvalidError } from "../core/errors.ts";
import type { SnsEnvelope } from "./sns-envelope.ts";

// SignatureVersion 1 signs with SHA1withRSA, 2 with SHA256withRSA (AWS SNS "Verifying the
// signatures of Amazon SNS messages").
const DIGESTS: Readonly<Record<string, string>> = { "1": "RSA-SHA1", "2": "RSA-SHA256" };

/**
 * Checks the signature of an SNS HTTP delivery against one signing key given up front: the
 * PEM of SNS's X.509 certificate (from SigningCertURL, fetched and pinned by the caller) or
 * of a bare public key (the Connect emulator's). createPublicKey reads both.
 */
export class SnsSignatureVerifier {
  readonly #key: KeyObject;

  constructor(options: { signingMaterialPem: string }) {
    this.#key = createPublicKey(options.signingMaterialPem);
  }

  /** Throws SignatureInvalidError unless the envelope is signed by this key. */
  async verify(envelope: SnsEnvelope): Promise<void> {
    const { Signature, SignatureVersion } = envelope;
    if (!Signature || !SignatureVersion) {
      throw new SignatureInvalidError("the SNS delivery is not signed", {
        details: { reason: "MISSING_SIGNATURE" },
      });
    }
    const digest = DIGESTS[SignatureVersion];
    if (!digest) {
      throw new SignatureInvalidError(`unknown SignatureVersion "${SignatureVersion}"`, {
        details: { reason: "UNSUPPORTED_VERSION" },
      });
    }
    const valid = createVerify(digest)
      .update(stringToSign(envelope))
      .verify(this.#key, Signature, "base64");
    if (!valid) {
      throw new SignatureInvalidError("the SNS signature does not match", {
        details: { reason: "BAD_SIGNATURE" },
      });
    }
  }
}

/** "Name\nValue\n" for the signed fields, in SNS's fixed order; Subject only when present. */
export function stringToSign(envelope: SnsEnvelope): string {
  const fields: [string, string | null | undefined][] =
    envelope.Type === "Notification"
      ? [
          ["Message", envelope.Message],
          ["MessageId", envelope.MessageId],
          ["Subject", envelope.Subject],
          ["Timestamp", envelope.Timestamp],
          ["TopicArn", envelope.TopicArn],
          ["Type", envelope.Type],
        ]
      : [
          ["Message", envelope.Message],
          ["MessageId", envelope.MessageId],
          ["SubscribeURL", envelope.SubscribeURL],
          ["Timestamp", envelope.Timestamp],
          ["Token", envelope.Token],
          ["TopicArn", envelope.TopicArn],
          ["Type", envelope.Type],
        ];
  return fields
    .filter((field): field is [string, string] => typeof field[1] === "string")
    .map(([name, value]) => `${name}\n${value}\n`)
    .join("");
}
