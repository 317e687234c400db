/**
 * The matrix query string as the Pact clients write it, Rack style:
 * `q[][pacticipant]=A&q[][version]=1&q[][pacticipant]=B&latestby=cvpv&environment=production`.
 * A repeated field within `q[]` (or `ignore[]`) starts the next selector, as Rack parses it.
 */
export type RawMatrixQuery = {
  q: Record<string, string>[];
  ignore: Record<string, string>[];
  success: string[];
  options: Record<string, string>;
};

export function parseMatrixQueryString(queryString: string): RawMatrixQuery {
  const raw: RawMatrixQuery = { q: [], ignore: [], success: [], options: {} };
  for (const [key, value] of new URLSearchParams(queryString)) {
    const nested = /^(q|ignore)\[\]\[([A-Za-z]+)\]$/.exec(key);
    if (nested) {
      const list = raw[nested[1] as 'q' | 'ignore'];
      const field = nested[2]!;
      const current = list[list.length - 1];
      if (!current || field in current) list.push({ [field]: value });
      else current[field] = value;
    } else if (key === 'success[]' || key === 'success') raw.success.push(value);
    else raw.options[key] = value;
  }
  return raw;
}
