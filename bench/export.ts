// `npm run bench -- --only export`: a 50-credential portfolio exported as signed PDF and signed JSON-LD, beside the same résumé printed to PDF by headless Chromium.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportResult } from '../src/core/library';
import type { PortfolioSnapshot } from '../src/core/portfolio';
import { buildExportModel, type ExportItem, type ExportModel } from '../src/export/model';
import { bakePng } from '../src/formats/png';
import { dispatch } from '../src/services/dispatch';
import { openSession, type Session } from '../src/services/session';
import { newIssuerKey, ob3By, signDi, signVcJwt } from '../test/helpers/signing';
import { rgbaPng } from '../test/helpers/fixtures';

const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const EXPORT_CREDENTIALS = 50;
const EXPORT_RUNS = 10;
const CHROMIUM = '/usr/bin/chromium';

/** Sections of the benchmark résumé: a heading, its skill tag, and credential titles with their issuers. */
const RESUME_SECTIONS: Array<{ title: string; tag: string; courses: string[]; issuers: string[] }> =
  [
    {
      title: 'Data analysis',
      tag: 'Data Analysis',
      courses: [
        'Data Analysis with SQL',
        'Statistics for Analysts',
        'Excel Modelling',
        'Tableau Dashboards',
        'A/B Testing in Practice',
        'Data Cleaning',
        'Exploratory Analysis',
        'Forecasting Basics',
        'Survey Methods',
      ],
      issuers: ['Łódź Data School', 'Example State University', 'Open Analytics Institute'],
    },
    {
      title: 'Software development',
      tag: 'Software Development',
      courses: [
        'Python Programming',
        'Testing with pytest',
        'Git Fundamentals',
        'TypeScript Essentials',
        'REST API Design',
        'Clean Code Workshop',
        'Linux Command Line',
        'Docker Basics',
        'Continuous Integration',
      ],
      issuers: ['Example University', 'Code Academy Berlin', 'Open Source Guild'],
    },
    {
      title: 'Cloud and security',
      tag: 'Cloud Computing',
      courses: [
        'Cloud Fundamentals',
        'Network Security',
        'Identity and Access Management',
        'Kubernetes for Developers',
        'Incident Response',
        'Secure Coding',
        'Cloud Cost Management',
        'Serverless Applications',
      ],
      issuers: ['Example Cloud Academy', 'Cyber Skills Centre', 'Київська академія'],
    },
    {
      title: 'Machine learning',
      tag: 'Machine Learning',
      courses: [
        'Machine Learning Foundations',
        'Deep Learning with PyTorch',
        'Natural Language Processing',
        'Model Evaluation',
        'MLOps Essentials',
        'Computer Vision Basics',
        'Responsible AI',
        'Feature Engineering',
      ],
      issuers: ['Example State University', 'AI Lab Athens', 'Open Analytics Institute'],
    },
    {
      title: 'Project management and communication',
      tag: 'Project Management',
      courses: [
        'Project Management Basics',
        'Agile with Scrum',
        'Technical Writing',
        'Presenting Data',
        'Stakeholder Communication',
        'Team Leadership',
        'Risk Management',
        'Ελληνικά για μηχανικούς',
      ],
      issuers: ['Open PM Institute', 'Akademia Łódź', 'Writing Centre Online'],
    },
    {
      title: 'Languages',
      tag: 'Languages',
      courses: [
        'English for Engineers C1',
        'German B2',
        'Кириллица для начинающих',
        'Spanish A2',
        'Business French',
        'Academic Writing',
        'Intercultural Communication',
        'Polish for Professionals',
      ],
      issuers: ['Language Centre Kraków', 'Goethe Example Institut', 'Київська академія'],
    },
  ];

/** A badge-like PNG (rings on a coloured disc, 256×256 RGBA), different for each n: images compress as real badges do, not as flat colour. */
function badgePng(n: number): Uint8Array {
  const size = 256;
  const hue = (n * 47) % 360;
  const [r, g, b] = [0, 120, 240].map((o) =>
    Math.round(127 + 110 * Math.cos(((hue + o) * Math.PI) / 180)),
  ) as [number, number, number];
  const raw = Buffer.alloc((1 + size * 4) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 4);
    raw[row] = 0;
    for (let x = 0; x < size; x++) {
      const dx = x - size / 2 + 0.5;
      const dy = y - size / 2 + 0.5;
      const d = Math.sqrt(dx * dx + dy * dy);
      const i = row + 1 + x * 4;
      const inside = d < size / 2 - 2;
      const ring = Math.floor(d / (6 + (n % 5))) % 2 === 0;
      const shade = 0.75 + 0.25 * Math.sin((x * (3 + (n % 7)) + y * 5) / 23);
      raw[i] = Math.round((ring ? r : 255 - r / 3) * shade);
      raw[i + 1] = Math.round((ring ? g : 255 - g / 3) * shade);
      raw[i + 2] = Math.round((ring ? b : 255 - b / 3) * shade);
      raw[i + 3] = inside ? 255 : 0;
    }
  }
  return rgbaPng(size, size, raw);
}

/**
 * 50 signed credentials with badge images, as a person collects them: eddsa-rdfc-2022 OB 3.0
 * baked into PNG badges, eddsa-rdfc-2022 and eddsa-jcs-2022 JSON-LD with embedded images, and
 * VC-JWTs. Returns the folder and which section each credential's title belongs to.
 */
async function generatePortfolioSources(dir: string): Promise<Map<string, string>> {
  const key = newIssuerKey();
  const sectionOf = new Map<string, string>();
  for (let n = 0; n < EXPORT_CREDENTIALS; n++) {
    const section = RESUME_SECTIONS[n % RESUME_SECTIONS.length]!;
    const k = Math.floor(n / RESUME_SECTIONS.length);
    const title = section.courses[k % section.courses.length]!;
    sectionOf.set(title, section.title);
    const png = badgePng(n);
    const doc = ob3By(key, {
      n: 5000 + n,
      title,
      issuer: section.issuers[k % section.issuers.length],
      tags: [section.tag, title.split(' ')[0]!],
      alignments: [section.tag],
      description: `Awarded for completing “${title}”: assessed coursework and a final project.`,
    });
    const achievement = (doc['credentialSubject'] as { achievement: Record<string, unknown> })
      .achievement;
    const slot = n % 5;
    if (slot < 2) {
      const signed = await signDi(doc, key, 'eddsa-rdfc-2022');
      fs.writeFileSync(
        path.join(dir, `badge-${n}.png`),
        bakePng(png, 'openbadgecredential', JSON.stringify(signed)),
      );
      continue;
    }
    achievement['image'] = {
      id: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
      type: 'Image',
    };
    if (slot < 4) {
      const signed = await signDi(doc, key, slot === 2 ? 'eddsa-rdfc-2022' : 'eddsa-jcs-2022');
      fs.writeFileSync(path.join(dir, `credential-${n}.json`), JSON.stringify(signed, null, 2));
    } else {
      fs.writeFileSync(path.join(dir, `credential-${n}.jwt`), await signVcJwt(doc, key));
    }
  }
  return sectionOf;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The same résumé as an HTML page, the way web résumé builders render one before printing it. */
function resumeHtml(model: ExportModel, imageFile: (item: ExportItem) => string | null): string {
  const date = (iso: string | null) => (iso ? iso.slice(0, 10) : '');
  const entry = (i: ExportItem) => {
    const img = imageFile(i);
    return `<div class="entry">
  ${img ? `<img class="badge" src="${esc(img)}" alt="">` : '<div class="badge"></div>'}
  <div><div class="title">${esc(i.title)}</div>
  <div class="meta">${esc(i.issuer ?? '')} · ${esc(date(i.issuedOn))} · <span class="trust ${i.tone}">${esc(i.trust)}</span></div>
  ${i.verifyUrl ? `<div class="meta"><a href="${esc(i.verifyUrl)}">${esc(i.verifyUrl)}</a></div>` : ''}</div>
</div>`;
  };
  const appendix = (i: ExportItem, n: number) => `<div class="appendix">
  <h3>${n + 1}. ${esc(i.title)}</h3>
  <div class="meta">${esc(i.issuer ?? '')} · ${esc(i.formatLabel)} · ${esc(i.trust)} · checked ${esc(i.report.checkedAt)}</div>
  <div class="meta">${esc(i.digestSRI)}</div>
  <ul>${i.report.checks.map((c) => `<li><b>${esc(c.id)}</b> ${esc(c.status)}: ${esc(c.message)}</li>`).join('')}</ul>
</div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(model.person.name)} — résumé</title>
<style>
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; color: #1f2933; }
  h1 { font-size: 22pt; margin: 0 0 2pt; } h2 { font-size: 13pt; border-bottom: 1px solid #cbd2d9; margin: 14pt 0 6pt; }
  h3 { font-size: 10.5pt; margin: 8pt 0 2pt; } .headline { font-size: 12pt; color: #52606d; }
  .summary { margin: 8pt 0; line-height: 1.4; } .skills span { display: inline-block; background: #e4f0fb; border-radius: 8pt; padding: 1pt 6pt; margin: 2pt; font-size: 8.5pt; }
  .entry { display: flex; gap: 8pt; margin: 5pt 0; break-inside: avoid; } .badge { width: 34pt; height: 34pt; flex: none; }
  .title { font-weight: bold; } .meta { color: #52606d; font-size: 8.5pt; }
  .trust { font-weight: bold; } .trust.good { color: #18794e; } .trust.bad { color: #b42318; }
  .appendix { break-inside: avoid; font-size: 8.5pt; } .appendix ul { margin: 2pt 0; padding-left: 14pt; }
</style></head><body>
<h1>${esc(model.person.name)}</h1>
${model.person.headline ? `<div class="headline">${esc(model.person.headline)}</div>` : ''}
<div class="meta">${esc(model.person.email ?? '')} ${model.person.links.map((l) => `· <a href="${esc(l)}">${esc(l)}</a>`).join(' ')}</div>
${model.person.summary ? `<p class="summary">${esc(model.person.summary)}</p>` : ''}
<div class="skills">${model.skills.map((s) => `<span>${esc(s.name)} (${s.items.length})</span>`).join('')}</div>
${model.sections.map((s) => `<h2>${esc(s.title)}</h2>\n${s.items.map(entry).join('\n')}`).join('\n')}
<h2 style="break-before: page">Appendix: verification of each credential</h2>
${model.items.map(appendix).join('\n')}
</body></html>
`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type BenchPortfolio = {
  session: Session;
  portfolioId: number;
  /** Calls one contract method as the CLI would; throws on an error result. */
  call: <T>(method: string, input: unknown) => Promise<T>;
  /** Removes the library and sources. */
  close: () => void;
  /** The first PDF export of this process: no picture or expansion kept yet. */
  firstExportMs: number;
};

/**
 * A library holding the 50 signed credentials (imported with verification, offline) and one
 * portfolio with all of them in six sections, made with the app's own services; the holder keys
 * already exist (the first export makes them once).
 */
export async function buildBenchPortfolio(): Promise<BenchPortfolio> {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-bench-export-src-'));
  const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-bench-export-lib-'));
  const sectionOf = await generatePortfolioSources(src);
  const session = openSession({ libraryDir: lib, offline: true });
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const res = await dispatch(session, method as never, input as never, { local: true });
    if (!res.ok) throw new Error(`${method}: ${res.error.message}`);
    return res.value as T;
  };
  const close = () => {
    session.close();
    for (const d of [src, lib]) fs.rmSync(d, { recursive: true, force: true });
  };
  try {
    const imported = await call<ImportResult>('library.import', {
      sources: [{ kind: 'path', path: src }],
    });
    const verified = imported.imported.filter((i) => i.verdict === 'verified').length;
    if (imported.imported.length !== EXPORT_CREDENTIALS || verified !== EXPORT_CREDENTIALS) {
      throw new Error(
        `export bench: ${imported.imported.length} imported, ${verified} verified, rejected ${JSON.stringify(imported.rejected[0] ?? null)}`,
      );
    }
    const portfolio = await call<{ id: number }>('portfolio.create', {
      name: 'Data engineer applications',
      personName: 'Zofia Kowalska-Łódź',
      headline: 'Data engineer: pipelines, analytics and cloud',
      email: 'zofia@example.org',
      links: ['https://zofia.example.org', 'https://github.com/zofia-example'],
      targetRole: 'Data Engineer',
      summary:
        'Data engineer with six years of building analytics pipelines, dashboards and machine-learning features. Every credential below is signed by its issuer and can be checked from this file alone.',
    });
    for (const section of RESUME_SECTIONS) {
      const ids = imported.imported
        .filter((i) => sectionOf.get(i.title) === section.title)
        .map((i) => i.id);
      await call('portfolio.addEntries', {
        id: portfolio.id,
        credentialIds: ids,
        section: section.title,
      });
    }
    // The holder's keys are made first (a first export would make them). The first export then
    // meets every badge and original for the first time; the timed exports are the ones a person
    // makes after that (each tailored version).
    await call('keys.rotate', { commonName: 'Zofia Kowalska-Łódź' });
    const warm = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-bench-export-warm-'));
    let firstExportMs: number;
    try {
      const started = process.hrtime.bigint();
      await call('portfolio.export', { id: portfolio.id, pdf: path.join(warm, 'warm.pdf') });
      firstExportMs = Number(process.hrtime.bigint() - started) / 1e6;
    } finally {
      fs.rmSync(warm, { recursive: true, force: true });
    }
    return { session, portfolioId: portfolio.id, call, close, firstExportMs };
  } catch (err) {
    close();
    throw err;
  }
}

export async function benchExport(): Promise<void> {
  console.log(
    `\nBuilding a ${EXPORT_CREDENTIALS}-credential portfolio (signed OB 3.0 with badge images: baked PNG, JSON-LD, VC-JWT)…`,
  );
  const bench = await buildBenchPortfolio();
  const { call, portfolioId } = bench;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-bench-export-out-'));
  try {
    const pdfMs: number[] = [];
    const jsonldMs: number[] = [];
    const chromiumMs: number[] = [];
    const pdfFile = path.join(out, 'portfolio.pdf');
    const jsonldFile = path.join(out, 'portfolio.vp.json');
    const chromiumFile = path.join(out, 'chromium.pdf');

    // The same content for Chromium: names, titles, issuers, dates, trust labels, badge images and the appendix.
    const snapshot = await call<PortfolioSnapshot>('portfolio.snapshot', { id: portfolioId });
    const model = buildExportModel(snapshot);
    const htmlDir = path.join(out, 'html');
    fs.mkdirSync(htmlDir);
    const imageFile = (item: ExportItem) => {
      if (!item.image) return null;
      const name = `badge-${item.ref}.${item.image.mediaType.includes('jpeg') ? 'jpg' : 'png'}`;
      fs.writeFileSync(path.join(htmlDir, name), item.image.bytes);
      return name;
    };
    const htmlFile = path.join(htmlDir, 'resume.html');
    fs.writeFileSync(htmlFile, resumeHtml(model, imageFile));
    const chromiumArgs = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      `--print-to-pdf=${chromiumFile}`,
      `file://${htmlFile}`,
    ];

    const timeIt = async (fn: () => Promise<void> | void): Promise<number> => {
      const t = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    const measure = {
      pdf: async () => {
        let warnings: string[] = [];
        pdfMs.push(
          await timeIt(async () => {
            ({ warnings } = await call<{ warnings: string[] }>('portfolio.export', {
              id: portfolioId,
              pdf: pdfFile,
            }));
          }),
        );
        // A badge left out (a placeholder drawn instead) would make the PDF cheaper than it should be.
        if (warnings.length > 0) throw new Error(`PDF export warned: ${warnings[0]}`);
      },
      jsonld: async () => {
        jsonldMs.push(
          await timeIt(async () => {
            await call('portfolio.export', { id: portfolioId, jsonld: jsonldFile });
          }),
        );
      },
      chromium: async () => {
        fs.rmSync(chromiumFile, { force: true });
        chromiumMs.push(
          await timeIt(() => {
            execFileSync(CHROMIUM, chromiumArgs, { stdio: 'ignore', timeout: 120_000 });
          }),
        );
        if (!fs.existsSync(chromiumFile)) throw new Error('Chromium wrote no PDF');
      },
    };
    // Interleaved runs, the order turning each time, so a busy moment on the machine (or what one
    // run leaves behind for the next) falls on all three alike.
    const order = [measure.pdf, measure.jsonld, measure.chromium];
    for (let run = 0; run < EXPORT_RUNS; run++) {
      for (let k = 0; k < order.length; k++) await order[(run + k) % order.length]!();
    }
    const pdf = median(pdfMs);
    const jsonld = median(jsonldMs);
    const chromium = median(chromiumMs);
    const size = (f: string) => fs.statSync(f).size;
    // Originals bound by digest travel beside the presentation (VC-JWTs here).
    const beside = fs
      .readdirSync(out)
      .filter((f) => f.startsWith('credential-'))
      .reduce((n, f) => n + size(path.join(out, f)), 0);
    const kb = (n: number) => `${fmt(n / 1024)} KB`;
    const verdict = (ok: boolean, what: string) => (ok ? 'OK' : what);
    console.log(
      `Export (${EXPORT_CREDENTIALS}-credential portfolio, ${RESUME_SECTIONS.length} sections, badge images; p50 of ${EXPORT_RUNS} interleaved runs)`,
    );
    console.log(
      `  signed PDF            ${fmt(pdf)} ms  ${kb(size(pdfFile))}   (target < 1,000 ms)  ${verdict(pdf < 1000, 'ABOVE TARGET')}`,
    );
    console.log(
      `  signed JSON-LD (VP)   ${fmt(jsonld)} ms  ${kb(size(jsonldFile))} + ${kb(beside)} of originals beside it   (target < 1,000 ms)  ${verdict(jsonld < 1000, 'ABOVE TARGET')}`,
    );
    console.log(
      `  baseline: the same résumé as HTML printed by headless Chromium (${CHROMIUM} --headless --print-to-pdf, unsigned, start-up included)  ${fmt(chromium)} ms  ${kb(size(chromiumFile))}`,
    );
    console.log(
      `  ratio Chromium / signed PDF  ${fmt(chromium / pdf, 1)}×  (target ≥ 3×)  ${verdict(chromium / pdf >= 3, 'BELOW TARGET')}`,
    );
    console.log(
      `  the first signed PDF of the process, not in the p50 (fonts parsed, every badge decoded and every original expanded for the first time; later exports reuse them)  ${fmt(bench.firstExportMs)} ms`,
    );
    console.log(
      `  ranges: PDF ${fmt(Math.min(...pdfMs))}–${fmt(Math.max(...pdfMs))} ms, JSON-LD ${fmt(Math.min(...jsonldMs))}–${fmt(Math.max(...jsonldMs))} ms, Chromium ${fmt(Math.min(...chromiumMs))}–${fmt(Math.max(...chromiumMs))} ms`,
    );
  } finally {
    bench.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
}
