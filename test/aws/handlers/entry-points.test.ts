// What infra bundles: each Lambda's handler.ts exports `handler`, and importing it reads no
// environment and makes no call, so a missing variable surfaces at invocation with its name.
import { describe, expect, it, vi } from 'vitest';
import { lambdaEnvironment } from '../../../functions/aws/lambda-environment.ts';

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

  it('an invocation without the environment names the missing variable, in a JSON log line on stdout', async () => {
    const { handler } = await import('../../../functions/score/handler.ts');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(handler({ Records: [] })).rejects.toThrow('Environment variable LAKE_BUCKET is not set.');
      const lines = write.mock.calls.map(([chunk]) => String(chunk)).filter((l) => l.startsWith('{'));
      expect(lines.map((l) => JSON.parse(l))).toMatchObject([
        {
          level: 'error',
          msg: 'invocation failed',
          function: 'score',
          error: { message: 'Environment variable LAKE_BUCKET is not set.' },
        },
      ]);
    } finally {
      write.mockRestore();
    }
  });
});
