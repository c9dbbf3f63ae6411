// pdf-lib compresses every stream (badge images, attachments, font subsets, page contents) with pako, a JavaScript deflate; node:zlib is the same deflate in native code, several times faster.
import { deflateSync } from 'node:zlib';
import { PDFContentStream, PDFName, PDFRawStream, type PDFDocument } from 'pdf-lib';

type FlateStream = PDFDocument['context']['flateStream'];

export type Deflater = {
  /**
   * Compresses `bytes` now, for the stream pdf-lib makes of this same array later (an attachment
   * embedded at save): work done while waiting for something else. `bytes` must not change after.
   */
  now(bytes: Uint8Array): void;
};

/**
 * Makes `doc` compress its streams with node:zlib (the same format and default level as pako, so
 * the same decoded bytes and about the same size). Call right after creating the document.
 * Synchronous on purpose: on a machine whose cores are busy, compressing on libuv's thread pool
 * beside the layout measured slower, not faster.
 */
export function useNativeDeflate(doc: PDFDocument): Deflater {
  const context = doc.context;
  const done = new WeakMap<Uint8Array, Uint8Array>();
  const flateStream: FlateStream = (contents, dict = {}) => {
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents;
    return context.stream(done.get(bytes) ?? deflateSync(bytes), {
      ...dict,
      Filter: 'FlateDecode',
    });
  };
  context.flateStream = flateStream;
  return {
    now(bytes) {
      if (!done.has(bytes)) done.set(bytes, deflateSync(bytes));
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
