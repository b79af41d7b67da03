// Synthetic inputs for carescore: a realistic county (generateCounty), and large inputs for
// benchmarks (monthlyReturnCsv with benchRegisterCsv, nationalCountyInputs).

export { benchRegisterCsv, monthlyReturnCsv } from './bench-returns.ts';
export { type GeneratedCountyWithDetail, generateCounty } from './county.ts';
export { nationalCountyInputs } from './national.ts';
export type { GeneratedCounty } from './types.ts';
