/**
 * Finds identifiers Attune knows (patients' names, phone numbers, emails) in a reflection before
 * it is saved, so the therapist can choose to remove them. Runs in the browser on plain text that
 * never leaves it. Matching ignores case and accents, and whole words only for names.
 */
export interface IdentifierHit {
  term: string;
  index: number;
  length: number;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

export function findIdentifiers(text: string, terms: readonly string[]): IdentifierHit[] {
  const folded = fold(text);
  const digits = text.replace(/\D/g, '');
  const hits: IdentifierHit[] = [];
  for (const term of new Set(terms)) {
    const t = fold(term.trim());
    if (/^\d{7,}$/.test(t)) {
      // Phone numbers: compare digits only, so "(416) 555-0142" matches "4165550142".
      if (digits.includes(t)) hits.push({ term, index: -1, length: 0 });
      continue;
    }
    if (t.length < 3) continue;
    const escaped = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = t.includes('@') ? new RegExp(escaped, 'g') : new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu');
    for (const m of folded.matchAll(pattern)) hits.push({ term, index: m.index ?? 0, length: t.length });
  }
  return hits.sort((a, b) => a.index - b.index);
}
