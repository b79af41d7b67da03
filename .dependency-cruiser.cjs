// The layers of DESIGN.md §2, checked by `npm run check:layers` (part of `npm test`).
// Imports run one way: domain ← lake ← pipeline ← adapters, aws and api ← runtimes; infra reads
// schemas; web/ (the browser) reads the domain and the API's types.
// Each layer rule lists what a layer MAY import and forbids the rest of the project's code, so a
// new folder under functions/ is a runtime unless it is added to `layers` below. Packages from
// node_modules and node: built-ins are not layers and are not checked here.
// Type-only imports count (tsPreCompilationDeps): a type from the wrong layer is still a wrong way.

/** The folders under functions/ that are libraries; every other folder there is a runtime. */
const layers = ['domain', 'lake', 'pipeline', 'adapters', 'aws', 'sample', 'api'];
/** Project code outside functions/: config/ is data (the method, ingest limits) and any layer may read it. */
const projectCode = '^(functions|infra|bench|test|bin|scripts|web)/';
const only = (...folders) => [`^functions/(${folders.join('|')})/`];

module.exports = {
  forbidden: [
    {
      name: 'domain-imports-no-layer',
      comment:
        'functions/domain is what the contract and the method say, nothing about where it runs: it ' +
        'imports no other layer (config/ data is fine), so it can be used anywhere, a browser included.',
      severity: 'error',
      from: { path: '^functions/domain/' },
      to: { path: projectCode, pathNot: only('domain') },
    },
    {
      name: 'domain-uses-no-node-builtin',
      comment:
        'The domain runs unchanged in a browser: no node: module (test/domain/browser-bundle.test.ts ' +
        'also bundles it for the browser and runs it in Chromium, which catches globals like Buffer).',
      severity: 'error',
      from: { path: '^functions/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'lake-imports-only-domain',
      comment:
        'functions/lake (keys, ledger, curated and results tables, Parquet) is built on the domain ' +
        'alone: the pipeline steps, adapters and runtimes use it, never the other way round.',
      severity: 'error',
      from: { path: '^functions/lake/' },
      to: { path: projectCode, pathNot: only('domain', 'lake') },
    },
    {
      name: 'pipeline-imports-only-domain-and-lake',
      comment:
        'functions/pipeline (the steps) is given its ports, clock and config: it never imports an ' +
        'adapter or a runtime, so a step runs the same on disk and DuckDB as on S3 and Athena.',
      severity: 'error',
      from: { path: '^functions/pipeline/' },
      to: { path: projectCode, pathNot: only('domain', 'lake', 'pipeline') },
    },
    {
      name: 'adapters-import-no-runtime',
      comment:
        'functions/adapters implement the ports (filesystem, DuckDB, S3, Athena, SNS) in the words of ' +
        'domain, lake and pipeline; the runtimes wire them, so an adapter never imports a runtime or aws/.',
      severity: 'error',
      from: { path: '^functions/adapters/' },
      to: { path: projectCode, pathNot: only('domain', 'lake', 'pipeline', 'adapters') },
    },
    {
      name: 'aws-imports-no-adapter-or-runtime',
      comment:
        'functions/aws (Lambda event schemas, access and Cognito claims, Lambda logger and environment) ' +
        'supports the handlers and is read by infra/: it uses domain, lake and pipeline, never an ' +
        'adapter (that would pull SDK clients into infra and into every handler) or a runtime.',
      severity: 'error',
      from: { path: '^functions/aws/' },
      to: { path: projectCode, pathNot: only('domain', 'lake', 'pipeline', 'aws') },
    },
    {
      name: 'sample-imports-only-domain',
      comment:
        'functions/sample (the sample-county and benchmark generators) writes inputs as a provider or ' +
        'a council would, from the contracts alone: it imports the domain and nothing else.',
      severity: 'error',
      from: { path: '^functions/sample/' },
      to: { path: projectCode, pathNot: only('domain', 'sample') },
    },
    {
      name: 'api-imports-only-domain-lake-and-pipeline',
      comment:
        "functions/api (the web app's HTTP API, one Hono app) is given its ports by the runtime that " +
        'serves it (carescore serve locally, a Lambda on AWS): it never imports an adapter, aws/ or a ' +
        'runtime, so the same app runs on disk and DuckDB as on S3 and Athena. Only runtimes import it.',
      severity: 'error',
      from: { path: '^functions/api/' },
      to: { path: projectCode, pathNot: only('domain', 'lake', 'pipeline', 'api') },
    },
    {
      name: 'api-uses-no-node-builtin',
      comment:
        'The API reads and writes the lake through its ports only: no node:fs, child_process or the ' +
        'like, which a Lambda would not have or would be a way around the ports.',
      severity: 'error',
      from: { path: '^functions/api/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'web-imports-only-domain',
      comment:
        'web/ (the browser front end) validates files with the domain, as ingest does; of the API it ' +
        'may import only types (its responses), never its code, and nothing else of the project.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: projectCode, pathNot: ['^web/', ...only('domain', 'api')] },
    },
    {
      name: 'web-imports-api-types-only',
      comment: "web/ may name the API's response types (import type), never run its code in the browser.",
      severity: 'error',
      from: { path: '^web/' },
      to: { path: only('api'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-uses-no-node-builtin',
      comment: 'web/ runs in a browser: no node: module (its Vite config runs in Node, at build time).',
      severity: 'error',
      from: { path: '^web/', pathNot: '^web/vite[.]config[.]ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'runtimes-import-no-other-runtime',
      comment:
        'A runtime (functions/cli, one folder per Lambda with a handler.ts) is a thin ' +
        'wiring of layers: it never imports another runtime, so each Lambda bundles only its own code ' +
        'and the CLI never loads a handler.',
      severity: 'error',
      from: { path: '^functions/([^/]+)/', pathNot: only(...layers) },
      to: { path: '^functions/([^/]+)/', pathNot: ['^functions/$1/', ...only(...layers)] },
    },
    {
      name: 'infra-reads-only-schemas',
      comment:
        'infra/ (the CDK app) may read the domain and lake (schemas, keys, views, tables) and the ' +
        'Lambda environment, access rules, timeouts and message groups in aws/; it never imports pipeline code, adapters, ' +
        'runtimes or the generators: handlers are bundled by path, not imported.',
      severity: 'error',
      from: { path: '^infra/' },
      to: {
        path: '^functions/',
        pathNot: [
          ...only('domain', 'lake'),
          '^functions/aws/lambda-environment[.]ts$',
          '^functions/aws/access/',
          // Names both sides must agree on: timeouts, and the FIFO message groups.
          '^functions/aws/timeouts[.]ts$',
          '^functions/aws/events/(ingest-groups|scheduled-alerts-event)[.]ts$',
        ],
      },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles in functions/: each module can be read, tested and loaded before its users.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import must resolve to a file or package; an import the cruiser cannot follow would ' +
        'escape the layer rules above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Count `import type` too: the layers are about where code and its words live.
    tsPreCompilationDeps: true,
    // Resolve the `.ts` specifiers (allowImportingTsExtensions) with the project's own settings.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
