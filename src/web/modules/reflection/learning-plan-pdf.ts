/**
 * The learning plan as a PDF, made in the browser from decrypted text (decision 0006): nothing of
 * it goes to the server. The caller decides what goes in (which goals, which reflections, and
 * whether a reflection's text or only its title and date); this file only lays it out.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';

export interface PdfReflection {
  title: string;
  date: string;
  /** Absent when the therapist chose titles and dates only. */
  text?: string;
}

export interface PdfGoal {
  competency: string;
  goal: string;
  activities: string;
  targetDate: string | null;
  status: string;
  reflections: PdfReflection[];
}

export interface LearningPlanPdfInput {
  title: string;
  subtitle: string;
  goals: PdfGoal[];
  labels: {
    goal: string;
    activities: string;
    targetDate: string;
    status: string;
    reflections: string;
    noReflections: string;
    page: string;
  };
}

// The standard fonts speak WinAnsi: Latin-1 plus these from Windows-1252. Anything else becomes "?".
const CP1252_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').replace(/\t/g, '    ')) {
    const code = ch.codePointAt(0) ?? 63;
    out += (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.includes(ch) ? ch : '?';
  }
  return out;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const INK = rgb(0.13, 0.15, 0.18);
const MUTED = rgb(0.36, 0.39, 0.43);

/** Breaks one paragraph into lines that fit `width`, splitting words longer than a line. */
export function wrapLines(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        if (line) lines.push(line);
        line = '';
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      const candidate = line ? `${line} ${rest}` : rest;
      if (font.widthOfTextAtSize(candidate, size) <= width) line = candidate;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}

class Writer {
  page!: PDFPage;
  y = 0;
  pages: PDFPage[] = [];
  constructor(
    private doc: PDFDocument,
    private regular: PDFFont,
    private bold: PDFFont,
  ) {
    this.newPage();
  }
  newPage() {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN;
  }
  space(points: number) {
    this.y -= points;
  }
  text(value: string, opts: { size?: number; bold?: boolean; color?: typeof INK; indent?: number } = {}) {
    const size = opts.size ?? 11;
    const font = opts.bold ? this.bold : this.regular;
    const indent = opts.indent ?? 0;
    const leading = size * 1.35;
    for (const line of wrapLines(toWinAnsi(value), font, size, A4.width - 2 * MARGIN - indent)) {
      if (this.y - leading < MARGIN) this.newPage();
      this.y -= leading;
      if (line) this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color: opts.color ?? INK });
    }
  }
}

export async function buildLearningPlanPdf(input: LearningPlanPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(toWinAnsi(input.title));
  doc.setCreator('Attune');
  doc.setProducer('Attune (pdf-lib)');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const w = new Writer(doc, regular, bold);
  const L = input.labels;

  w.text(input.title, { size: 20, bold: true });
  w.text(input.subtitle, { size: 10, color: MUTED });
  for (const goal of input.goals) {
    w.space(18);
    w.text(goal.competency, { size: 14, bold: true });
    w.space(4);
    w.text(L.goal, { size: 10, bold: true, color: MUTED });
    w.text(goal.goal);
    if (goal.activities.trim()) {
      w.space(4);
      w.text(L.activities, { size: 10, bold: true, color: MUTED });
      w.text(goal.activities);
    }
    w.space(4);
    w.text(`${L.status}: ${goal.status}${goal.targetDate ? `   ·   ${L.targetDate}: ${goal.targetDate}` : ''}`, { size: 10 });
    w.space(6);
    w.text(L.reflections, { size: 10, bold: true, color: MUTED });
    if (goal.reflections.length === 0) w.text(L.noReflections, { size: 10, color: MUTED, indent: 12 });
    for (const r of goal.reflections) {
      w.space(2);
      w.text(`${r.title} — ${r.date}`, { size: 11, bold: Boolean(r.text), indent: 12 });
      if (r.text) w.text(r.text, { size: 10, indent: 12 });
    }
  }
  const total = w.pages.length;
  for (const [i, p] of w.pages.entries()) {
    p.drawText(toWinAnsi(L.page.replace('{{page}}', String(i + 1)).replace('{{count}}', String(total))), {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font: regular,
      color: MUTED,
    });
  }
  return doc.save();
}
