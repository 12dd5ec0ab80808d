import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../apiserver/json.ts';
import { ContainerCommandError, containerArgv, type CommandContext } from './container-command.ts';

const busybox: CommandContext = {
  runtime: { kind: 'busybox', binary: '/bin/busybox' },
  env: { NAME: 'world' },
  rootDir: '/nonexistent-root',
  mounts: [],
  podmanName: 'podvisor-x-c',
  nodeBinary: '/usr/bin/node',
};

describe('containerArgv', () => {
  it.each<[JsonObject, string[]]>([
    [{}, ['/bin/busybox', 'sh']],
    [{ args: ['echo', 'hi'] }, ['/bin/busybox', 'echo', 'hi']],
    [
      { command: ['/bin/sh', '-c'], args: ['echo $(NAME)'] },
      ['/bin/busybox', 'sh', '-c', 'echo world'],
    ],
    [{ command: ['sleep', '5'] }, ['/bin/busybox', 'sleep', '5']],
  ])('runs busybox container %j as %j', (container, argv) => {
    expect(containerArgv(busybox, container)).toEqual(argv);
  });

  describe('of a component image', () => {
    const checkout = mkdtempSync(join(tmpdir(), 'podvisor-binaries-'));
    const script = (name: string): string => join(checkout, `${name}.ts`);
    writeFileSync(script('virt-launcher'), '');
    writeFileSync(script('virt-tail'), '');
    const ctx: CommandContext = {
      ...busybox,
      runtime: {
        kind: 'component',
        component: 'virt-launcher',
        entrypoint: script('virt-launcher'),
        binaries: {
          'virt-launcher': script('virt-launcher'),
          'virt-tail': script('virt-tail'),
          'virt-probe': script('virt-probe'),
        },
      },
    };

    it.each<[JsonObject, string[]]>([
      [{ args: ['--vmi-uid', 'u'] }, [script('virt-launcher'), '--vmi-uid', 'u']],
      [
        { command: ['virt-tail'], args: ['--logfile', 'f'] },
        [script('virt-tail'), '--logfile', 'f'],
      ],
      [
        { command: ['/usr/bin/virt-tail', '--logfile'], args: ['$(NAME)'] },
        [script('virt-tail'), '--logfile', 'world'],
      ],
      [{ command: ['virt-launcher'] }, [script('virt-launcher')]],
    ])('runs %j with node on the binary it names', (container, argv) => {
      expect(containerArgv(ctx, container)).toEqual(['/usr/bin/node', ...argv]);
    });

    it.each([
      [
        ['sh', '-c', 'true'],
        'exec: "sh": not a binary of the virt-launcher image (its binaries: virt-launcher, virt-tail, virt-probe)',
      ],
      [['/usr/bin/virt-probe'], "virt-launcher image's virt-probe ("],
    ])('refuses the command %j with ContainerCommandError', (command, message) => {
      expect(() => containerArgv(ctx, { command })).toThrow(ContainerCommandError);
      expect(() => containerArgv(ctx, { command })).toThrow(message);
    });
  });

  it('runs other images with podman on the host network, passing env names and mounts', () => {
    const ctx: CommandContext = {
      ...busybox,
      runtime: { kind: 'podman', podman: '/usr/bin/podman', image: 'nginx:1' },
      mounts: [{ hostPath: '/data/v', mountPath: '/usr/share/nginx/html', readOnly: true }],
    };
    const argv = containerArgv(ctx, { args: ['nginx', '-g', 'daemon off;'] });
    expect(argv.slice(0, 3)).toEqual(['/usr/bin/podman', 'run', '--rm']);
    expect(argv).toContain('--network');
    expect(argv.join(' ')).toContain(
      '-e NAME -v /data/v:/usr/share/nginx/html:ro nginx:1 nginx -g daemon off;',
    );
  });
});
