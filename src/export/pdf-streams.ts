// pdf-lib compresses every stream (badge images, attachments, font subsets) with pako, a JavaScript deflate; node:zlib is the same deflate in native code, several times faster, and can run beside the layout.
import { deflate, deflateSync } from 'node:zlib';
import { PDFContentStream, PDFName, PDFRawStream, type PDFDocument } from 'pdf-lib';

type FlateStream = PDFDocument['context']['flateStream'];

export type Deflater = {
  /**
   * Starts compressing `bytes` on libuv's thread pool now, while the page layout goes on; the
   * stream pdf-lib later makes of these very bytes (same array) takes the result.
   */
  early(bytes: Uint8Array): void;
  /** Waits for every early compression: call before anything embeds the arrays given to `early`. */
  ready(): Promise<void>;
};

/**
 * Makes `doc` compress its streams with node:zlib (the same format and default level as pako, so
 * the same decoded bytes and about the same size). Call right after creating the document.
 */
export function useNativeDeflate(doc: PDFDocument): Deflater {
  const context = doc.context;
  const done = new WeakMap<Uint8Array, Uint8Array>();
  const started = new WeakSet<Uint8Array>();
  // Never rejects: a compression that failed here is simply done again, synchronously, by flateStream.
  const pending: Array<Promise<void>> = [];
  const flateStream: FlateStream = (contents, dict = {}) => {
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents;
    return context.stream(done.get(bytes) ?? deflateSync(bytes), {
      ...dict,
      Filter: 'FlateDecode',
    });
  };
  context.flateStream = flateStream;
  return {
    early(bytes) {
      if (started.has(bytes)) return;
      started.add(bytes);
      pending.push(
        new Promise((resolve) => {
          deflate(bytes, (err, out) => {
            if (!err) done.set(bytes, out);
            resolve();
          });
        }),
      );
    },
    async ready() {
      await Promise.all(pending.splice(0));
    },
  };
}

/**
 * pdf-lib deflates page contents with pako when it saves; this does it now with node:zlib, turning
 * each content stream into the same stream already compressed. Call after the last drawing, just
 * before saving.
 */
export function deflatePageContents(doc: PDFDocument): void {
  const flate = PDFName.of('FlateDecode');
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFContentStream)) continue;
    if (object.dict.get(PDFName.of('Filter')) !== flate) continue;
    const contents = deflateSync(object.getUnencodedContents());
    doc.context.assign(ref, PDFRawStream.of(object.dict, contents));
  }
}
