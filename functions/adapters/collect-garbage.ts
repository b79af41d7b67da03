// A full garbage collection on demand, for a long run that works in parts (score of every month):
// V8 otherwise lets the garbage of earlier parts pile up to about twice what a part holds live.
// The flag is set after start-up, as Jest's leak detector does; the function it exposes is taken
// from a new context, where it is defined once the flag is set.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
