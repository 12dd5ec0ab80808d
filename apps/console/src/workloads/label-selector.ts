/** One requirement of a label selector. */
export type LabelRequirement =
  | { readonly op: 'equals' | 'notEquals'; readonly key: string; readonly value: string }
  | { readonly op: 'exists' | 'notExists'; readonly key: string };

/** A parsed selector, or a message naming the term that could not be read. */
export type ParsedLabelSelector =
  | { readonly ok: true; readonly requirements: readonly LabelRequirement[] }
  | { readonly ok: false; readonly message: string };

const keyPattern = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const valuePattern = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function parseTerm(term: string): LabelRequirement | string {
  const match = /^(!)?\s*([^!=\s]+)\s*(?:(!=|==|=)\s*(.*))?$/.exec(term);
  if (match === null) return `cannot read "${term}": expected key=value, key!=value, key or !key`;
  const [, bang, key = '', op, value = ''] = match;
  if (!keyPattern.test(key)) return `"${key}" is not a valid label key`;
  if (op === undefined) return { op: bang === undefined ? 'exists' : 'notExists', key };
  if (bang !== undefined) return `cannot read "${term}": "!" goes only before a bare key`;
  if (!valuePattern.test(value.trim())) return `"${value.trim()}" is not a valid label value`;
  return { op: op === '!=' ? 'notEquals' : 'equals', key, value: value.trim() };
}

/**
 * Parses a comma-separated equality label selector (`app=web,tier!=db,env,!canary`). An empty
 * text selects everything; a term it cannot read gives `ok: false` with a message naming it.
 */
export function parseLabelSelector(text: string): ParsedLabelSelector {
  const terms = text
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term !== '');
  const requirements: LabelRequirement[] = [];
  for (const term of terms) {
    const parsed = parseTerm(term);
    if (typeof parsed === 'string') return { ok: false, message: `Label selector: ${parsed}` };
    requirements.push(parsed);
  }
  return { ok: true, requirements };
}

/** Whether labels satisfy every requirement. */
export function matchesLabels(
  requirements: readonly LabelRequirement[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return requirements.every((requirement) => {
    const value = Object.hasOwn(labels, requirement.key) ? labels[requirement.key] : undefined;
    switch (requirement.op) {
      case 'exists':
        return value !== undefined;
      case 'notExists':
        return value === undefined;
      case 'equals':
        return value === requirement.value;
      case 'notEquals':
        return value !== requirement.value;
    }
  });
}
