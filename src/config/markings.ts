import type { Marking } from './schema.ts';

/** The scale used when a handbook declares none, lowest first. */
export const DEFAULT_MARKINGS: Marking[] = [
  { label: 'UNCLASSIFIED', color: '#007a33' },
  { label: 'RESTRICTED', color: '#1d4f91' },
  { label: 'CONFIDENTIAL', color: '#0033a0' },
  { label: 'SECRET', color: '#c8102e' },
  { label: 'TOP SECRET', color: '#ff8c00' },
];

/** Position of a marking on the scale (case-insensitive), or -1 when it is not on it. */
export function markingRank(markings: Marking[], label: string): number {
  const wanted = label.trim().toUpperCase();
  return markings.findIndex((m) => m.label.toUpperCase() === wanted);
}

/** The highest of the given labels on the scale; the lowest of the scale when none is given. */
export function highestMarking(markings: Marking[], labels: string[]): Marking {
  let best = 0;
  for (const label of labels) best = Math.max(best, markingRank(markings, label));
  return markings[best] ?? markings[0]!;
}

/** The scale entry for a label, falling back to a plain entry for unknown labels. */
export function markingFor(markings: Marking[], label: string): Marking {
  return markings[markingRank(markings, label)] ?? { label };
}
