import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { FUNCTION_ENTRIES, type FunctionName } from "./function-bundles.ts";
import { TABLE_ACCESS, type TableAction } from "./table-access.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

// The DynamoDB commands the adapters send, as the IAM actions they need: the document
// client's, and the bare client's on the calls made for every message.
const COMMAND_ACTIONS: Record<string, TableAction | "other"> = {
  GetItemCommand: "dynamodb:GetItem",
  BatchGetItemCommand: "dynamodb:BatchGetItem",
  PutItemCommand: "dynamodb:PutItem",
  UpdateItemCommand: "dynamodb:UpdateItem",
  GetCommand: "dynamodb:GetItem",
  PutCommand: "dynamodb:PutItem",
  UpdateCommand: "dynamodb:UpdateItem",
  DeleteCommand: "dynamodb:DeleteItem",
  QueryCommand: "dynamodb:Query",
  BatchWriteCommand: "dynamodb:BatchWriteItem",
};

/**
 * The function's own code as esbuild bundles it for Lambda, with the packages left out so
 * the SDK's names survive: what the function's path imports, unused code shaken off.
 */
async function ownCode(name: FunctionName): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, FUNCTION_ENTRIES[name])],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "silent",
    outfile: "out.mjs",
  });
  return result.outputFiles[0]?.text ?? "";
}

/** Every DynamoDB command class the code constructs (`new GetCommand(…)`, aliases resolved). */
function commandsSent(code: string): string[] {
  const imported = new Map<string, string>();
  const from = /import\s*\{([^}]*)\}\s*from\s*"@aws-sdk\/(?:lib-dynamodb|client-dynamodb)"/g;
  for (const [, names = ""] of code.matchAll(from)) {
    for (const part of names.split(",")) {
      const [name = "", local = name] = part.trim().split(/\s+as\s+/);
      if (name.endsWith("Command")) imported.set(local, name);
    }
  }
  return [...imported].filter(([local]) => code.includes(`new ${local}(`)).map(([, name]) => name);
}

const code = new Map<FunctionName, string>();

beforeAll(async () => {
  const names = Object.keys(FUNCTION_ENTRIES) as FunctionName[];
  const bundles = await Promise.all(
    names.map(async (name) => [name, await ownCode(name)] as const),
  );
  for (const [name, text] of bundles) code.set(name, text);
});

describe.each(Object.keys(TABLE_ACCESS) as FunctionName[])("%s's table access", (name) => {
  const access = TABLE_ACCESS[name];

  it("covers every command its bundle can send: granted, or never called with the reason", () => {
    const sent = commandsSent(code.get(name) ?? "");
    expect(sent.length).toBeGreaterThan(0);
    const actions = new Set(sent.map((command) => COMMAND_ACTIONS[command] ?? command));
    const declared = new Set([
      ...access.actions,
      ...(access.withTranscriptsInTable ?? []),
      ...(Object.keys(access.notCalled) as TableAction[]),
    ]);
    // A new store or command in the path fails here until TABLE_ACCESS says what it needs.
    expect([...actions].sort()).toEqual([...declared].sort());
    for (const action of Object.keys(access.notCalled)) {
      expect(access.actions).not.toContain(action);
    }
  });

  it("calls none of the store methods its grant leaves out", () => {
    const own = code.get(name) ?? "";
    for (const { methods } of Object.values(access.notCalled)) {
      for (const method of methods) {
        // The bundle defines the method; a call is `.method(`. CachedPolicyStore's
        // listPolicies only forwards to the store it wraps (this.#store), for the ops CLI.
        expect(own).toMatch(new RegExp(`\\b${method}\\(`));
        const calls = own.match(new RegExp(`(?<!this\\.#store)\\.${method}\\(`, "g")) ?? [];
        expect(calls, `${name} calls ${method}`).toEqual([]);
      }
    }
  });
});
