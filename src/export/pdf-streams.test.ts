// Compressing with node:zlib instead of pako must leave every stream's decoded bytes as they were.
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream, StandardFonts, type PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { deflatePageContents, useNativeDeflate } from './pdf-streams';

async function build(native: boolean): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  if (native) useNativeDeflate(doc);
  const attachment = new TextEncoder().encode('{"résumé": true}\n'.repeat(200));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([300, 200]);
  page.drawText('Data Analysis with SQL', { x: 20, y: 150, size: 12, font });
  page.drawRectangle({ x: 20, y: 40, width: 100, height: 50, borderWidth: 2 });
  await doc.attach(attachment, 'resume.json', { mimeType: 'application/json' });
  if (native) await deflatePageContents(doc);
  // Saving makes the attachment's stream and gives every stream its length.
  return PDFDocument.load(await doc.save({ useObjectStreams: false }));
}

/** Every stream of the file, decoded, in object order. */
function decodedStreams(doc: PDFDocument): string[] {
  return doc.context
    .enumerateIndirectObjects()
    .filter((entry): entry is [PDFRef, PDFRawStream] => entry[1] instanceof PDFRawStream)
    .map(([, s]) => {
      const flate = s.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode');
      return Buffer.from(flate ? inflateSync(s.getContents()) : s.getContents()).toString('latin1');
    });
}

describe('native deflate', () => {
  it('writes the same page contents and attachments as pdf-lib’s own compression', async () => {
    const [native, reference] = await Promise.all([build(true), build(false)]);
    const ours = decodedStreams(native);
    expect(ours).toEqual(decodedStreams(reference));
    const utf8 = ours.map((s) => Buffer.from(s, 'latin1').toString('utf8'));
    expect(utf8.some((s) => s.startsWith('{"résumé": true}\n{"résumé": true}'))).toBe(true);
    expect(ours.some((s) => s.includes('> Tj') && s.includes('0 0 m'))).toBe(true);
  });
});
