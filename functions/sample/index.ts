// Synthetic inputs for carescore: a realistic county (generateCounty), and large inputs for
// benchmarks (monthlyReturnCsv with benchRegisterCsv, nationalCountyInputs).

export { type BenchReturnOptions, benchRegisterCsv, monthlyReturnCsv } from './bench-returns.ts';
export { type GeneratedCountyWithDetail, generateCounty } from './county.ts';
export type { PlantedBadRow } from './monthly-returns.ts';
export { type NationalOptions, nationalCountyInputs } from './national.ts';
export type { CountyOptions, CountySummary, GeneratedCounty, GeneratedFile, InputType } from './types.ts';
