// A real signed PDF export, made as `skillfolio export --pdf` makes it, for tests outside src/export that must tell our exports from other PDFs.
import fs from 'node:fs';
import path from 'node:path';
import { exportPortfolio } from '../../src/export/export';
import { createHolderKeys } from '../../src/export/keys';
import { exportFixture, NAMES } from './export-fixtures';
import { tempDir } from './library';

export async function exportedPdf(): Promise<Uint8Array> {
  const fx = await exportFixture();
  const keys = createHolderKeys({
    now: new Date('2025-03-01T09:00:00Z'),
    commonName: NAMES.person,
  });
  const file = path.join(tempDir('skillfolio-exported-pdf-'), 'portfolio.pdf');
  await exportPortfolio({
    snapshot: fx.snapshot,
    keys,
    targets: { pdf: file },
    now: new Date('2025-03-01T09:30:00Z'),
  });
  return new Uint8Array(fs.readFileSync(file));
}
