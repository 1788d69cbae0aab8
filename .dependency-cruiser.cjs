/**
 * The architecture rules from DESIGN.md, checked on every `npm test`:
 * dependencies point inward (functions, relay -> core -> ports <- adapters).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "core-stays-vendor-free",
      comment: "core/ must not import AWS SDKs, aws-lambda, messenger SDKs or process.",
      severity: "error",
      from: { path: "^core/" },
      to: {
        path: "(^|/)node_modules/(@aws-sdk|@smithy|@aws-lambda-powertools|aws-lambda|aws-cdk-lib|twilio|twitter-api-v2|dynalite|ws)(/|$)",
      },
    },
    {
      name: "core-no-process",
      comment: "core/ never reads the process; configuration arrives as arguments.",
      severity: "error",
      from: { path: "^core/" },
      to: { path: "^(node:)?process$", dependencyTypes: ["core"] },
    },
    {
      name: "core-only-imports-core",
      comment: "core/ must not reach outward into adapters, edges, emulators or the sandbox.",
      severity: "error",
      from: { path: "^core/" },
      to: { path: "^(adapters|emulators|sandbox|functions|relay|infra|flows)/" },
    },
    {
      name: "adapters-do-not-import-edges",
      severity: "error",
      from: { path: "^adapters/" },
      to: { path: "^(functions|relay|sandbox|emulators|infra)/" },
    },
    {
      name: "production-code-does-not-import-emulators",
      comment:
        "Emulators are local stand-ins; production code reaches them only through an endpoint.",
      severity: "error",
      // cli/ is left out on purpose: `npm run ops -- --local` starts dynalite on the sandbox's
      // data folder itself, and takes the sandbox's table name from sandbox/demo-instance.ts.
      // console/ is the sandbox's browser view, driving its emulators, so it is left out too.
      from: { path: "^(core|adapters|functions|relay|flows|infra)/" },
      to: { path: "^(emulators|sandbox)/" },
    },
    {
      name: "emulators-are-independent",
      comment: "Emulators depend on nothing in the product.",
      severity: "error",
      from: { path: "^emulators/" },
      to: { path: "^(core|adapters|functions|relay|sandbox|infra)/" },
    },
    {
      name: "nothing-product-imports-the-console",
      comment:
        "console/ is the browser view; the product, the CLI and the emulators never need it, except `npm run ops -- console`, which serves its Operations panel.",
      severity: "error",
      from: {
        path: "^(core|adapters|functions|relay|flows|infra|cli|emulators|config)/",
        pathNot: "^cli/ops/console-command\\.ts$",
      },
      to: { path: "^console/" },
    },
    {
      name: "console-page-stays-in-the-browser",
      comment:
        "The page is bundled for the browser: it may share the console's view types, nothing with Node or SDK code.",
      severity: "error",
      from: { path: "^console/page/" },
      to: { path: "^(?!console/)", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      // Type-only cycles vanish at run time; value cycles break module initialisation.
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    includeOnly:
      "^(core|adapters|functions|relay|flows|emulators|sandbox|console|infra|config|test|bench|cli)/|^node_modules/|^(node:)?[a-z_]+$",
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
