import { defineConfig } from "vitest/config";

const integrationGlobs = [
  "adapters/**/*.test.ts",
  "functions/**/*.test.ts",
  "relay/**/*.test.ts",
  "flows/**/*.test.ts",
  "emulators/**/*.test.ts",
  "sandbox/**/*.test.ts",
  "infra/**/*.test.ts",
  "test/**/*.test.ts",
  "cli/**/*.test.ts",
];

export default defineConfig({
  test: {
    reporters: ["default", "./test/setup/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["core/**/*.test.ts", "config/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: integrationGlobs,
          environment: "node",
          globalSetup: ["test/setup/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
