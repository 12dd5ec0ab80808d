import { describe, expect, it } from 'vitest';
import { aptPlan, npmInstallReason, systemUserPlan } from './bootstrap-plan.mjs';
import { systemPackages } from './system-packages.mjs';

describe('npmInstallReason', () => {
  const installed = { lockfileMtimeMs: 1000, installedMtimeMs: 2000, pinnedNodePresent: true };

  it.each([
    [{ ...installed, installedMtimeMs: null }, 'node_modules is missing'],
    [{ ...installed, lockfileMtimeMs: 3000 }, 'package-lock.json changed since the last install'],
    [
      { ...installed, pinnedNodePresent: false },
      'the pinned Node binary is missing from node_modules',
    ],
    [{ ...installed, lockfileMtimeMs: null }, 'package-lock.json is missing'],
  ])('asks for npm ci when %o', (state, reason) => {
    expect(npmInstallReason(state)).toBe(reason);
  });

  it('does nothing when node_modules was installed after the lockfile last changed', () => {
    expect(npmInstallReason(installed)).toBeNull();
    expect(npmInstallReason({ ...installed, installedMtimeMs: 1000 })).toBeNull();
  });
});

describe('aptPlan', () => {
  it('does nothing when every package is installed', () => {
    expect(aptPlan({ missing: [], isRoot: false, hasApt: true })).toEqual({ action: 'none' });
  });

  it('as root, updates the package lists and then installs exactly the missing packages', () => {
    expect(aptPlan({ missing: ['qemu-utils', 'chromium'], isRoot: true, hasApt: true })).toEqual({
      action: 'install',
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'qemu-utils', 'chromium'],
      ],
    });
  });

  it('as another user, prints the exact command to run as root', () => {
    const plan = aptPlan({ missing: ['genisoimage'], isRoot: false, hasApt: true });
    expect(plan.action).toBe('ask');
    expect(plan.action === 'ask' && plan.message).toContain(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends genisoimage',
    );
  });

  it('without apt, names the packages to find elsewhere', () => {
    const plan = aptPlan({ missing: ['busybox-static'], isRoot: true, hasApt: false });
    expect(plan.action === 'ask' && plan.message).toContain('busybox-static');
  });
});

describe('systemPackages', () => {
  it('lists each package once, with a reason', () => {
    const names = systemPackages.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(systemPackages.every((p) => p.why.length > 0)).toBe(true);
    expect(names).toEqual(
      expect.arrayContaining(['qemu-system-x86', 'libvirt-daemon', 'chromium', 'genisoimage']),
    );
  });
});

describe('systemUserPlan', () => {
  it('does nothing when the user exists', () => {
    expect(systemUserPlan({ user: 'libvirt-qemu', exists: true, isRoot: true })).toEqual({
      action: 'none',
    });
  });

  it('creates a missing system user as root, without a home or a login shell', () => {
    const plan = systemUserPlan({ user: 'libvirt-qemu', exists: false, isRoot: true });
    expect(plan).toMatchObject({ action: 'create' });
    expect(plan.action === 'create' && plan.command.join(' ')).toBe(
      'useradd --system --user-group --no-create-home --home-dir /var/lib/libvirt --shell /usr/sbin/nologin libvirt-qemu',
    );
  });

  it('prints the exact command when not root', () => {
    const plan = systemUserPlan({ user: 'libvirt-qemu', exists: false, isRoot: false });
    expect(plan.action === 'ask' && plan.message).toContain('sudo useradd --system');
  });
});
