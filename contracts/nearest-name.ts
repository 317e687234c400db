/**
 * The existing name a mistyped one most likely meant ("MyWbe" -> "MyWeb"), for "did you mean"
 * hints: the same name in another case, or the closest by edit distance when it is close
 * enough to be a typo (at most a third of the name's length, and at most three edits).
 */
export function nearestName(typed: string, names: Iterable<string>): string | undefined {
  const wanted = typed.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    if (name === typed) continue;
    const distance = name.toLowerCase() === wanted ? 0 : editDistance(wanted, name.toLowerCase());
    if (!best || distance < best.distance || (distance === best.distance && name < best.name))
      best = { name, distance };
  }
  const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  return best && best.distance <= limit ? best.name : undefined;
}

/** Levenshtein distance, with a transposition of neighbours counted as one edit (Damerau). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = distance;
    }
  }
  return rows[a.length]![b.length]!;
}
