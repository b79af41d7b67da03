// zod options for values parsed once or a few times per run: configuration files and Lambda
// events. zod would otherwise compile a fast path for each object schema on its first parse, which
// costs more than it saves when nothing is parsed again (~20 ms of a Lambda's init for the
// method configuration alone, measured with npm run bench lambdas).
export const parseOnce = { jitless: true } as const;
