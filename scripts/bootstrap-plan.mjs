// The bootstrap's decisions, as pure functions so they can be tested without touching the machine.
// Plain JavaScript without dependencies: it runs before node_modules exists.

/**
 * Why `npm ci` must run, or null when node_modules is up to date.
 * npm writes node_modules/.package-lock.json at the end of every install, so its modification
 * time is the time of the last install.
 * @param {{ lockfileMtimeMs: number | null, installedMtimeMs: number | null, pinnedNodePresent: boolean }} state
 * @returns {string | null}
 */
export function npmInstallReason(state) {
  if (state.lockfileMtimeMs === null) return 'package-lock.json is missing';
  if (state.installedMtimeMs === null) return 'node_modules is missing';
  if (state.installedMtimeMs < state.lockfileMtimeMs)
    return 'package-lock.json changed since the last install';
  if (!state.pinnedNodePresent) return 'the pinned Node binary is missing from node_modules';
  return null;
}

/**
 * What to do about missing Debian packages.
 * @param {{ missing: readonly string[], isRoot: boolean, hasApt: boolean }} state
 * @returns {{ action: 'none' } | { action: 'install', commands: string[][] } | { action: 'ask', message: string }}
 */
export function aptPlan(state) {
  if (state.missing.length === 0) return { action: 'none' };
  const names = [...state.missing];
  if (!state.hasApt) {
    return {
      action: 'ask',
      message:
        `Podvisor needs these Debian packages, and this machine has no apt-get: ${names.join(' ')}.\n` +
        'Podvisor supports Debian 12; install their equivalents by hand on other systems.',
    };
  }
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...names];
  if (state.isRoot) return { action: 'install', commands: [['apt-get', 'update'], install] };
  return {
    action: 'ask',
    message:
      `Podvisor needs Debian packages that are not installed: ${names.join(' ')}.\n` +
      'Install them as root, then run this again:\n\n' +
      `  sudo apt-get update && sudo ${install.join(' ')}\n`,
  };
}

/**
 * What to do about a missing system user. libvirt resolves its default QEMU user
 * (`libvirt-qemu`) before it reads qemu.conf, and only Debian's libvirt-daemon-system creates it;
 * that package would also pull in systemd as init, so the bootstrap creates the user itself,
 * as that package's maintainer script does.
 * @param {{ user: string, exists: boolean, isRoot: boolean }} state
 * @returns {{ action: 'none' } | { action: 'create', command: string[] } | { action: 'ask', message: string }}
 */
export function systemUserPlan(state) {
  if (state.exists) return { action: 'none' };
  const command = [
    'useradd',
    '--system',
    '--user-group',
    '--no-create-home',
    '--home-dir',
    '/var/lib/libvirt',
    '--shell',
    '/usr/sbin/nologin',
    state.user,
  ];
  if (state.isRoot) return { action: 'create', command };
  return {
    action: 'ask',
    message:
      `Podvisor needs the system user ${state.user} (libvirt runs QEMU as it). Create it as root, then run this again:\n\n` +
      `  sudo ${command.join(' ')}\n`,
  };
}
