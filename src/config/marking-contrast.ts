import type { Document } from 'yaml';
import type { VFile } from 'vfile';
import type { location } from 'vfile-location';
import { inkOnWhite, relativeLuminance, rgbOf, TEXT_CONTRAST } from '../guard/css.ts';
import { addWarning } from '../report/messages.ts';
import { rangeOfPath, spanOf } from '../report/yaml-positions.ts';

/**
 * A marking's colour is also the colour its label is printed in on the white page margin
 * of every PDF page: a light one (a yellow, an orange) cannot be read there, so it is
 * printed in a darker shade of itself; the author hears so, being the one who chose the
 * colour. The banners pick black or white text, whichever reads, so they always can.
 */
export function checkMarkingContrast(
  doc: Document,
  file: VFile,
  place: ReturnType<typeof location>,
  config: { markings?: (string | { label: string; color?: string | undefined })[] },
): void {
  (config.markings ?? []).forEach((marking, index) => {
    if (typeof marking === 'string') return;
    const rgb = marking.color ? rgbOf(marking.color) : undefined;
    if (!rgb) return;
    const ratio = 1.05 / (relativeLuminance(rgb) + 0.05);
    if (ratio >= TEXT_CONTRAST) return;
    addWarning(
      file,
      `Marking colour ${marking.color} of "${marking.label}" has a contrast of ${ratio.toFixed(1)}:1 on white, below ${TEXT_CONTRAST}:1: its label in the PDF's margins is printed in a darker shade, ${inkOnWhite(marking.color!)}, to be read (choose a darker colour to have your own)`,
      spanOf(place, rangeOfPath(doc, ['markings', index, 'color'])),
      'marking-contrast',
    );
  });
}
