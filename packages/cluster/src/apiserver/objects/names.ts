import { randomInt } from 'node:crypto';
import type { StatusCause } from '../status-error.ts';

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const label1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const label1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Which of Kubernetes' name rules a kind's names follow. */
export type NameRule = 'subdomain' | 'label' | 'label1035' | 'path-segment';

const ruleByKind: Readonly<Record<string, NameRule>> = {
  Namespace: 'label',
  Service: 'label1035',
  Role: 'path-segment',
  ClusterRole: 'path-segment',
  RoleBinding: 'path-segment',
  ClusterRoleBinding: 'path-segment',
};

/** The name rule of a kind (built-in exceptions; everything else, CRs included, is a DNS subdomain). */
export function nameRuleFor(kind: string): NameRule {
  return ruleByKind[kind] ?? 'subdomain';
}

const messages = {
  subdomain:
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  label:
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  label1035:
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
};

const dnsRules = {
  subdomain: { pattern: subdomain, max: 253 },
  label: { pattern: label1123, max: 63 },
  label1035: { pattern: label1035, max: 63 },
};

function pathSegmentProblems(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  if (name.includes('/')) return ["may not contain '/'"];
  return name.includes('%') ? ["may not contain '%'"] : [];
}

/** The problems with a name under a rule, in Kubernetes' wording; empty when valid. */
export function nameProblems(name: string, rule: NameRule): string[] {
  if (rule === 'path-segment') return pathSegmentProblems(name);
  const { pattern, max } = dnsRules[rule];
  const problems: string[] = [];
  if (name.length > max) problems.push(`must be no more than ${max} characters`);
  if (!pattern.test(name)) problems.push(messages[rule]);
  return problems;
}

/** Causes for an invalid `metadata.name`, ready for a 422. */
export function nameCauses(name: string, rule: NameRule): StatusCause[] {
  return nameProblems(name, rule).map((problem) => ({
    reason: 'FieldValueInvalid',
    field: 'metadata.name',
    message: `Invalid value: ${JSON.stringify(name)}: ${problem}`,
  }));
}

const generateAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` plus five random characters from Kubernetes' alphabet (the prefix cut to fit 63). */
export function generateName(prefix: string): string {
  const base = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
  let suffix = '';
  for (let i = 0; i < 5; i += 1)
    suffix += generateAlphabet[randomInt(generateAlphabet.length)] ?? 'x';
  return base + suffix;
}
