// npm run bench: every benchmark, each printed beside its baseline measured in the same run.
import { benchApi } from './api.ts';
import { benchCli } from './cli.ts';
import { benchIngest } from './ingest.ts';
import { benchLambdas } from './lambdas.ts';
import { benchScale } from './scale.ts';
import { benchScoring } from './scoring.ts';
import { benchWeb } from './web.ts';

const only = process.argv[2];
const benches: Record<string, () => Promise<string>> = {
  ingest: benchIngest,
  scoring: benchScoring,
  lambdas: benchLambdas,
  cli: benchCli,
  api: benchApi,
  web: benchWeb,
  scale: benchScale,
};

for (const [name, bench] of Object.entries(benches)) {
  // The scale bench takes minutes: only when named.
  if (only ? only !== name : name === 'scale') continue;
  process.stdout.write(`\n${await bench()}\n`);
}
