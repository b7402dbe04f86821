/** Left in every output folder we make, so we only ever replace a folder of our own. */
export const OUTPUT_MARKER = '.handbook-output';
