import { describe, expect, it } from 'vitest';
import { commands, main } from './main.ts';
import { captureIo as capture } from './testing/capture-io.ts';

describe('podvisor', () => {
  it('lists the subcommands in --help', async () => {
    const { io, out } = capture();
    expect(await main(['--help'], io)).toBe(0);
    for (const name of ['up', 'cluster', 'console', 'images'])
      expect(out()).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it.each(commands.map((c) => [c.name, c.positionals]))(
    'gives `%s --help` with its arguments and flags',
    async (name, positionals) => {
      const { io, out } = capture();
      expect(await main([name, '--help'], io)).toBe(0);
      const args = positionals === undefined ? '' : ` ${positionals}`;
      expect(out()).toContain(`Usage: podvisor ${name}${args} [flags]`);
      expect(out()).toContain('-h, --help');
    },
  );

  it('rejects positional arguments where a command takes none', async () => {
    const { io, err } = capture();
    expect(await main(['cluster', 'extra'], io)).toBe(2);
    expect(err()).toContain("Unexpected argument 'extra'");
  });

  it('rejects an unknown command with the list of commands', async () => {
    const { io, err } = capture();
    expect(await main(['upp'], io)).toBe(2);
    expect(err()).toContain('unknown command "upp"');
    expect(err()).toContain('Commands:');
  });

  it('rejects an unknown flag, naming it', async () => {
    const { io, err } = capture();
    expect(await main(['cluster', '--prot', '1'], io)).toBe(2);
    expect(err()).toContain("Unknown option '--prot'");
  });

  it('rejects bad flag values, naming each field', async () => {
    const { io, err } = capture();
    expect(await main(['up', '--nodes', '0', '--log-level', 'loud'], io)).toBe(2);
    expect(err()).toContain('nodes (--nodes): 0 is outside 1..16');
    expect(err()).toContain('logLevel (--log-level): "loud" is not one of');
  });
});
