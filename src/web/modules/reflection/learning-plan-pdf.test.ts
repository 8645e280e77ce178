import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { buildLearningPlanPdf, type LearningPlanPdfInput, toWinAnsi } from './learning-plan-pdf.js';

/**
 * Reads the PDF back with a parser and pulls the drawn strings out of each page's content stream
 * (FlateDecode, hex strings shown with Tj), so the test sees what a reader would, without poppler.
 */
// WinAnsi's bytes 0x80–0x9F (Node's TextDecoder treats windows-1252 as Latin-1 there).
const CP1252: Record<number, string> = Object.fromEntries(
  [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'].map((ch, i) => [0x80 + i, ch]),
);
const winAnsi = { decode: (codes: Uint8Array) => Array.from(codes, (c) => CP1252[c] ?? String.fromCharCode(c)).join('') };

async function readBack(bytes: Uint8Array): Promise<{ pages: string[]; title: string | undefined }> {
  const doc = await PDFDocument.load(bytes);
  const pages = doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    let text = '';
    for (const ref of refs) {
      const stream = doc.context.lookup(ref as PDFRef);
      if (!(stream instanceof PDFRawStream)) throw new Error('Expected a raw content stream');
      const ops = new TextDecoder('latin1').decode(decodePDFRawStream(stream).decode());
      for (const m of ops.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        const hex = m[1] ?? '';
        const codes = new Uint8Array(hex.length / 2);
        for (let i = 0; i < codes.length; i++) codes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
        text += `${winAnsi.decode(codes)}\n`;
      }
    }
    return text;
  });
  return { pages, title: doc.getTitle() };
}

const labels: LearningPlanPdfInput['labels'] = {
  goal: 'Goal',
  activities: 'Activities',
  targetDate: 'Target date',
  status: 'Status',
  reflections: 'Reflections',
  noReflections: 'No reflections chosen',
  page: 'Page {{page}} of {{count}}',
};

const input = (over: Partial<LearningPlanPdfInput> = {}): LearningPlanPdfInput => ({
  title: 'My learning plan',
  subtitle: 'Prepared on 25 November 2026',
  labels,
  goals: [
    {
      competency: 'Professional boundaries',
      goal: 'End every session on time, including with clients I like.',
      activities: 'A timer in the room; a closing sentence I practise.',
      targetDate: '2027-03-01',
      status: 'In progress',
      reflections: [{ title: 'Running over again', date: '2026-11-20', text: 'I noticed I wanted their approval.' }],
    },
    {
      competency: 'Éthique professionnelle',
      goal: 'Relire le code de déontologie — chapitre 3, « conflits ».',
      activities: '',
      targetDate: null,
      status: 'Prévu',
      reflections: [],
    },
  ],
  ...over,
});

describe('the learning plan PDF', () => {
  it('is a well-formed PDF holding the chosen goals, reflections and French accents', async () => {
    const bytes = await buildLearningPlanPdf(input());
    const head = new TextDecoder('latin1').decode(bytes.slice(0, 8));
    expect(head).toMatch(/^%PDF-1\.\d/);
    expect(new TextDecoder('latin1').decode(bytes.slice(-6))).toContain('%%EOF');
    const { pages, title } = await readBack(bytes);
    expect(title).toBe('My learning plan');
    expect(pages).toHaveLength(1);
    const text = pages.join('');
    for (const expected of [
      'My learning plan',
      'Professional boundaries',
      'End every session on time, including with clients I like.',
      'A timer in the room; a closing sentence I practise.',
      'Status: In progress',
      'Target date: 2027-03-01',
      'Running over again — 2026-11-20',
      'I noticed I wanted their approval.',
      'Éthique professionnelle',
      'Relire le code de déontologie — chapitre 3, « conflits ».',
      'No reflections chosen',
      'Page 1 of 1',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('leaves out reflection text when only titles and dates are chosen, and what was not chosen', async () => {
    const one = input().goals[0];
    if (!one) throw new Error('fixture');
    const bytes = await buildLearningPlanPdf(
      input({ goals: [{ ...one, reflections: [{ title: 'Running over again', date: '2026-11-20' }] }] }),
    );
    const text = (await readBack(bytes)).pages.join('');
    expect(text).toContain('Running over again — 2026-11-20');
    expect(text).not.toContain('wanted their approval');
    expect(text).not.toContain('déontologie');
  });

  it('wraps long text onto more pages, numbered, without losing a word', async () => {
    const long = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ');
    const one = input().goals[0];
    if (!one) throw new Error('fixture');
    const bytes = await buildLearningPlanPdf(
      input({ goals: [{ ...one, reflections: [{ title: 'Long', date: '2026-11-21', text: long }] }] }),
    );
    const { pages } = await readBack(bytes);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
    const words = pages.join(' ').split(/\s+/);
    for (const i of [0, 1, 450, 899]) expect(words).toContain(`word${i}`);
  });

  it('replaces characters the standard fonts cannot draw instead of failing the export', async () => {
    expect(toWinAnsi('Calm 🌿 ok — “quoted” café')).toBe('Calm ? ok — “quoted” café');
    const one = input().goals[0];
    if (!one) throw new Error('fixture');
    const bytes = await buildLearningPlanPdf(input({ goals: [{ ...one, goal: 'Breathe 🌿 and 漢字' }] }));
    expect((await readBack(bytes)).pages.join('')).toContain('Breathe ? and ??');
  });
});
