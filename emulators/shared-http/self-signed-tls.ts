import { generate } from "selfsigned";

export interface GeneratedTls {
  readonly key: string;
  /** Self-signed, so it is its own CA: pass it as `ca` to an https.Agent. */
  readonly cert: string;
}

/**
 * A fresh certificate for 127.0.0.1 and localhost, made at start and never written to
 * disk or committed. EC P-256 keeps generation fast.
 */
export async function generateLocalTls(): Promise<GeneratedTls> {
  const now = new Date();
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
