// The zod every schema in carescore is built with: zod's small build, zod/mini. Its schemas are
// plain objects, where the classic build attaches dozens of methods to every schema it makes;
// the contracts, the method configuration and the events are built when a Lambda starts, so that
// difference is part of every cold start (measured with npm run bench lambdas). zod/mini has no
// messages of its own: it is given the English ones the classic build would use.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export * from 'zod/mini';
