import { parseLabels, type VmFormField, type VmFormState } from './vm-form-model.ts';

/** The client-side problems of a form, one message (naming the field) per field. */
export type VmFormErrors = Partial<Record<VmFormField, string>>;

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const imageReference =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const sshKeyPattern =
  /^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+=*(?: .*)?$/;
const labelKeyName = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const minMemoryMi = 64;
const maxCores = 8;

function dnsLabelError(field: string, value: string): string | undefined {
  if (value === '') return `${field} is required`;
  if (value.length > 63) return `${field} must be at most 63 characters`;
  if (!dnsLabel.test(value))
    return `${field} must consist of lowercase letters, digits and '-', and start and end with a letter or digit (e.g. my-vm)`;
  return undefined;
}

function imageError(image: string): string | undefined {
  if (image.trim() === '')
    return 'Image is required: pick one of the catalog or type a containerDisk reference';
  if (!imageReference.test(image.trim()))
    return `Image ${JSON.stringify(image)} is not a valid image reference (e.g. quay.io/containerdisks/fedora:40)`;
  return undefined;
}

function coresError(cores: string): string | undefined {
  const value = Number(cores);
  if (cores.trim() === '' || !Number.isInteger(value) || value < 1 || value > maxCores)
    return `CPU cores must be a whole number from 1 to ${String(maxCores)}`;
  return undefined;
}

function memoryError(form: VmFormState): string | undefined {
  const value = Number(form.memory);
  if (form.memory.trim() === '' || !Number.isInteger(value) || value <= 0)
    return 'Memory must be a whole number of Mi or Gi';
  const mebibytes = form.memoryUnit === 'Gi' ? value * 1024 : value;
  if (mebibytes < minMemoryMi) return `Memory must be at least ${String(minMemoryMi)} Mi`;
  return undefined;
}

function userDataError(userData: string): string | undefined {
  const trimmed = userData.trimStart();
  if (trimmed === '' || trimmed.startsWith('#cloud-config') || trimmed.startsWith('#!'))
    return undefined;
  return 'Cloud-init user data must start with #cloud-config (or #! for a script)';
}

function sshKeyError(form: VmFormState): string | undefined {
  const key = form.sshKey.trim();
  if (key === '') return undefined;
  if (!sshKeyPattern.test(key) || key.includes('\n'))
    return 'SSH public key must be one OpenSSH public key line (e.g. ssh-ed25519 AAAA… user@host)';
  if (form.userData.trim() !== '' && !form.userData.trimStart().startsWith('#cloud-config'))
    return 'SSH public key can only be added to #cloud-config user data';
  return undefined;
}

function labelKeyError(key: string): string | undefined {
  const parts = key.split('/');
  const [prefix, name] = parts.length === 2 ? parts : [undefined, key];
  if (parts.length > 2 || name.length > 63 || !labelKeyName.test(name))
    return `Labels: key ${JSON.stringify(key)} must be a name of letters, digits, '-', '_' or '.' (an optional DNS prefix and '/' before it)`;
  if (prefix !== undefined && (prefix.length > 253 || !dnsSubdomain.test(prefix)))
    return `Labels: the prefix of ${JSON.stringify(key)} must be a DNS subdomain`;
  return undefined;
}

function labelsError(text: string): string | undefined {
  const entries = text.split(',').filter((entry) => entry.trim() !== '');
  const malformed = entries.find((entry) => !entry.includes('='));
  if (malformed !== undefined)
    return `Labels: ${JSON.stringify(malformed.trim())} must be key=value`;
  for (const [key, value] of Object.entries(parseLabels(text))) {
    const error = labelKeyError(key);
    if (error !== undefined) return error;
    if (value.length > 63 || !labelValue.test(value))
      return `Labels: value ${JSON.stringify(value)} of ${key} must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Checks the form as the API server and virt-api would, with messages that name the field. */
export function validateVmForm(form: VmFormState): VmFormErrors {
  const errors: Record<VmFormField, string | undefined> = {
    name: dnsLabelError('Name', form.name),
    namespace: dnsLabelError('Namespace', form.namespace),
    image: imageError(form.image),
    cores: coresError(form.cores),
    memory: memoryError(form),
    userData: userDataError(form.userData),
    sshKey: sshKeyError(form),
    labels: labelsError(form.labels),
    memoryUnit: undefined,
    runStrategy: undefined,
    startNow: undefined,
  };
  return Object.fromEntries(Object.entries(errors).filter((entry) => entry[1] !== undefined));
}
