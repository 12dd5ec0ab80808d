// The form keeps the SSH public key apart from the user data; the VM carries it inside the
// #cloud-config as `ssh_authorized_keys`. These two functions move it in and out as text, so the
// rest of the user data (comments, layout) stays exactly as the user wrote it.

const cloudConfigHeader = '#cloud-config';
const keysHeader = /^ssh_authorized_keys:\s*$/;
const item = /^(\s*)-\s+(.*)$/;

/** The `ssh_authorized_keys:` block: its header line and the item lines after it. */
interface KeysBlock {
  readonly header: number;
  /** The index after the last item. */
  readonly end: number;
}

function findKeysBlock(lines: readonly string[]): KeysBlock | undefined {
  const header = lines.findIndex((line) => keysHeader.test(line));
  if (header < 0) return undefined;
  let end = header + 1;
  while (end < lines.length && item.test(lines[end] ?? '')) end += 1;
  return { header, end };
}

function quoted(key: string): string {
  return /^[\w@.:+/= -]+$/.test(key) && !key.includes(': ') ? key : JSON.stringify(key);
}

function unquoted(value: string): string {
  const trimmed = value.trim();
  if (!trimmed.startsWith('"')) return trimmed;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'string' ? parsed : trimmed;
  } catch {
    return trimmed;
  }
}

/**
 * The user data with `key` added to its `ssh_authorized_keys` (as the last item of an existing
 * list, else as a new list at the end); empty user data becomes a `#cloud-config` of just the key.
 * An empty key leaves the user data as it is.
 */
export function addSshKey(userData: string, key: string): string {
  const trimmedKey = key.trim();
  if (trimmedKey === '') return userData;
  if (userData.trim() === '')
    return `${cloudConfigHeader}\nssh_authorized_keys:\n  - ${quoted(trimmedKey)}\n`;
  const lines = userData.split('\n');
  const block = findKeysBlock(lines);
  if (block === undefined) {
    const separator = userData.endsWith('\n') ? '' : '\n';
    return `${userData}${separator}ssh_authorized_keys:\n  - ${quoted(trimmedKey)}\n`;
  }
  const indent = item.exec(lines[block.header + 1] ?? '')?.[1] ?? '  ';
  lines.splice(block.end, 0, `${indent}- ${quoted(trimmedKey)}`);
  return lines.join('\n');
}

/**
 * The inverse of {@link addSshKey}: the last `ssh_authorized_keys` item becomes the key and is
 * taken out of the user data (with the list's header when it was the only item).
 */
export function splitSshKey(userData: string): { userData: string; sshKey: string } {
  const lines = userData.split('\n');
  const block = findKeysBlock(lines);
  if (block === undefined || block.end === block.header + 1) return { userData, sshKey: '' };
  const sshKey = unquoted(item.exec(lines[block.end - 1] ?? '')?.[2] ?? '');
  const onlyItem = block.end === block.header + 2;
  lines.splice(onlyItem ? block.header : block.end - 1, onlyItem ? 2 : 1);
  const rest = lines.join('\n');
  return { userData: rest === `${cloudConfigHeader}\n` ? '' : rest, sshKey };
}
