import { PDFArray, PDFDict, PDFRef, PDFStream, type PDFContext, type PDFObject } from 'pdf-lib';

/**
 * Copies objects from one PDF into another, every reference mapped once. Unlike pdf-lib's
 * own copier it can be told beforehand where a reference goes (`map`): a page's parent,
 * or a structure element's parent, then points into the document it is copied into
 * instead of dragging the whole source tree along.
 */
export class PdfCopier {
  private readonly refs = new Map<string, PDFRef>();

  constructor(
    private readonly src: PDFContext,
    private readonly dest: PDFContext,
  ) {}

  /** From now on, `from` (of the source) is `to` (of the destination); nothing is copied. */
  map(from: PDFRef, to: PDFRef): void {
    this.refs.set(from.tag, to);
  }

  /** The copy of `ref`: made (with all it refers to) the first time, reused after. */
  ref(ref: PDFRef): PDFRef {
    const known = this.refs.get(ref.tag);
    if (known) return known;
    const copied = this.dest.nextRef();
    this.refs.set(ref.tag, copied);
    const object = this.src.lookup(ref);
    if (object) this.dest.assign(copied, this.value(object));
    return copied;
  }

  /** Copy `ref` into a reference reserved earlier with `map` (a page, say). */
  into(ref: PDFRef, reserved: PDFRef): void {
    this.map(ref, reserved);
    const object = this.src.lookup(ref);
    if (object) this.dest.assign(reserved, this.value(object));
  }

  value(object: PDFObject): PDFObject {
    if (object instanceof PDFRef) return this.ref(object);
    if (object instanceof PDFDict) {
      // `clone` keeps the class (a page stays a page leaf); the entries are then copied.
      const copy = object.clone(this.dest);
      for (const [key, value] of object.entries()) copy.set(key, this.value(value));
      return copy;
    }
    if (object instanceof PDFArray) {
      const copy = PDFArray.withContext(this.dest);
      for (let i = 0; i < object.size(); i++) copy.push(this.value(object.get(i)));
      return copy;
    }
    if (object instanceof PDFStream) {
      const copy = object.clone(this.dest);
      for (const [key, value] of object.dict.entries()) copy.dict.set(key, this.value(value));
      return copy;
    }
    // Names, numbers, strings, booleans and null are never changed in place: shared.
    return object;
  }
}
