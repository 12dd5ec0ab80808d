/**
 * Label key and value validation with the exact messages of apimachinery's
 * `util/validation` (IsQualifiedName, IsDNS1123Subdomain, IsValidLabelValue) and the
 * `field.Invalid` error format (`<path>: Invalid value: "<v>": <detail>`).
 */

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const qualifiedNameRegexp = new RegExp(`^${qualifiedNameFmt}$`);
const qualifiedNameMaxLength = 63;

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const dns1123SubdomainRegexp = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1123SubdomainMaxLength = 253;

const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueRegexp = new RegExp(`^${labelValueFmt}$`);
const labelValueMaxLength = 63;

const encoder = new TextEncoder();

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

function regexError(message: string, format: string, ...examples: readonly string[]): string {
  const shown = examples.map((example) => `'${example}', `).join(' or ');
  return `${message} (e.g. ${shown}regex used for validation is '${format}')`;
}

function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > dns1123SubdomainMaxLength)
    errors.push(maxLenError(dns1123SubdomainMaxLength));
  if (!dns1123SubdomainRegexp.test(value))
    errors.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com'));
  return errors;
}

function prefixErrors(prefix: string): string[] {
  if (prefix === '') return ['prefix part must be non-empty'];
  return dns1123SubdomainErrors(prefix).map((message) => `prefix part ${message}`);
}

function namePartErrors(name: string): string[] {
  const errors: string[] = [];
  if (name === '') errors.push('name part must be non-empty');
  else if (byteLength(name) > qualifiedNameMaxLength)
    errors.push(`name part ${maxLenError(qualifiedNameMaxLength)}`);
  if (!qualifiedNameRegexp.test(name))
    errors.push(
      `name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`,
    );
  return errors;
}

/** The problems with a qualified name (a label key), as `IsQualifiedName` words them. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  const [first = '', second = ''] = parts;
  if (parts.length > 2) {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (parts.length === 1) return namePartErrors(first);
  return [...prefixErrors(first), ...namePartErrors(second)];
}

/** The problems with a label value, as `IsValidLabelValue` words them. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > labelValueMaxLength) errors.push(maxLenError(labelValueMaxLength));
  if (!labelValueRegexp.test(value))
    errors.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  return errors;
}

/** `field.Invalid(path, value, detail).Error()` for a string value. */
export function invalidValue(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${detail}`;
}

/** The field error for an invalid label key at `path`, or undefined when the key is valid. */
export function validateLabelKey(key: string, path: string): string | undefined {
  const errors = qualifiedNameErrors(key);
  return errors.length === 0 ? undefined : invalidValue(path, key, errors.join('; '));
}

/** The field error for an invalid label value at `path`, or undefined when the value is valid. */
export function validateLabelValue(value: string, path: string): string | undefined {
  const errors = labelValueErrors(value);
  return errors.length === 0 ? undefined : invalidValue(path, value, errors.join('; '));
}
