// pdf-lib compresses every stream (badge images, attachments, font subsets, page contents) with pako, a JavaScript deflate; node:zlib is the same deflate in native code, several times faster.
import { promisify } from 'node:util';
import { deflate, deflateSync } from 'node:zlib';
import { PDFContentStream, PDFName, PDFRawStream, type PDFDocument } from 'pdf-lib';

type FlateStream = PDFDocument['context']['flateStream'];

export type Deflater = {
  /**
   * Compresses `bytes` on libuv's thread pool, beside the layout on this thread, for the stream
   * pdf-lib makes of this same array later (an attachment embedded at save). `bytes` must not
   * change after.
   */
  soon(bytes: Uint8Array): void;
  /** Waits for every compression started. */
  settled(): Promise<void>;
};

const deflateAsync = promisify(deflate);

/**
 * Makes `doc` compress its streams with node:zlib (the same format and default level as pako, so
 * the same decoded bytes and about the same size). Call right after creating the document.
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
  const started: Array<Promise<void>> = [];
  return {
    soon(bytes) {
      // A failure (never expected of deflate) leaves the stream to be compressed when made.
      started.push(
        deflateAsync(bytes).then(
          (compressed) => void done.set(bytes, compressed),
          () => undefined,
        ),
      );
    },
    async settled() {
      await Promise.all(started);
    },
  };
}

/**
 * pdf-lib deflates page contents with pako when it saves; this does it now with node:zlib on libuv's
 * thread pool, turning each content stream into the same stream already compressed. Call after the
 * last drawing, just before saving.
 */
export async function deflatePageContents(doc: PDFDocument): Promise<void> {
  const flate = PDFName.of('FlateDecode');
  const pending: Array<Promise<void>> = [];
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFContentStream)) continue;
    if (object.dict.get(PDFName.of('Filter')) !== flate) continue;
    // Each page on its own pool thread; the stream is replaced only once compressed.
    pending.push(
      deflateAsync(object.getUnencodedContents()).then((contents) => {
        doc.context.assign(ref, PDFRawStream.of(object.dict, contents));
      }),
    );
  }
  await Promise.all(pending);
}
