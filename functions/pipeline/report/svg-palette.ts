// One palette for every chart and badge, so a tier or rating looks the same everywhere. Colour is
// never the only cue: each use also prints the word. Fills are light enough to print.
import type { RiskTier } from '../../domain/method/config.ts';
import type { RatingOrNotScored } from '../../domain/method/results.ts';

export interface Swatch {
  fill: string;
  ink: string;
}

export const tierSwatch: Readonly<Record<RiskTier, Swatch>> = {
  Low: { fill: '#b9e2b3', ink: '#0b3d12' },
  Moderate: { fill: '#ffd978', ink: '#4a3600' },
  High: { fill: '#ef8a3c', ink: '#2e1300' },
  Critical: { fill: '#8b1a1a', ink: '#ffffff' },
};

// Blue-to-red with distinct lightness, so the order survives grey-scale printing.
export const ratingSwatch: Readonly<Record<RatingOrNotScored, Swatch>> = {
  Outstanding: { fill: '#1f4e8c', ink: '#ffffff' },
  Good: { fill: '#6fa8dc', ink: '#0c2440' },
  'Requires improvement': { fill: '#f2c14e', ink: '#3d2c00' },
  Inadequate: { fill: '#b3261e', ink: '#ffffff' },
  'Not scored': { fill: '#c9c9c9', ink: '#222222' },
};
