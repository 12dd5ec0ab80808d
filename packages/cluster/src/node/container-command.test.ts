import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../apiserver/json.ts';
import { containerArgv, type CommandContext } from './container-command.ts';

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

  it('runs a component with node on its entrypoint and the args', () => {
    const ctx: CommandContext = {
      ...busybox,
      runtime: { kind: 'component', component: 'virt-api', entrypoint: '/src/virt-api.ts' },
    };
    expect(containerArgv(ctx, { command: ['ignored'], args: ['--port', '8443'] })).toEqual([
      '/usr/bin/node',
      '/src/virt-api.ts',
      '--port',
      '8443',
    ]);
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
