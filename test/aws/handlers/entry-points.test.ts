// What infra bundles: each Lambda's handler.ts exports `handler`, and importing it reads no
// environment and makes no call, so a missing variable surfaces at invocation with its name.
import { describe, expect, it } from 'vitest';
import { lambdaEnvironment } from '../../../functions/aws/lambda-environment.ts';
import { logCapture } from './lambda-events.ts';

const entryPoints = ['ingest', 'score', 'alerts', 'views', 'upload'];

describe('Lambda entry points', () => {
  it.each(entryPoints)(
    'functions/%s/handler.ts exports a handler and imports without its environment',
    async (name) => {
      for (const variable of Object.values(lambdaEnvironment)) expect(process.env[variable]).toBeUndefined();
      const module = (await import(`../../../functions/${name}/handler.ts`)) as { handler: unknown };
      expect(typeof module.handler).toBe('function');
    },
  );

  it('an invocation without the environment names the missing variable, in a JSON log line', async () => {
    const { handler } = await import('../../../functions/score/handler.ts');
    const logs = logCapture();
    await expect(handler({ Records: [] })).rejects.toThrow('Environment variable LAKE_BUCKET is not set.');
    expect(logs.entries()).toMatchObject([
      {
        level: 'ERROR',
        message: 'invocation failed',
        service: 'score',
        error: { message: 'Environment variable LAKE_BUCKET is not set.' },
      },
    ]);
  });
});
