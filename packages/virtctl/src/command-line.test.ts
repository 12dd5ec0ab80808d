import { describe, expect, it } from 'vitest';
import { commandHelp, parseCommandLine } from './command-line.ts';
import { stopCommand } from './commands/vm-actions.ts';
import { UsageError } from './usage-error.ts';

describe('parseCommandLine', () => {
  it.each([
    [['vm1'], { args: ['vm1'], flags: {} }],
    [['vm1', '--force', '--grace-period', '0'], { flags: { force: true, 'grace-period': '0' } }],
    [
      ['--force=true', '--grace-period=5', 'vm1'],
      { args: ['vm1'], flags: { force: true, 'grace-period': '5' } },
    ],
    [['vm1', '--force=false'], { flags: { force: false } }],
    [['vm1', '-n', 'team', '--context', 'ctx'], { flags: { namespace: 'team', context: 'ctx' } }],
    [['-h'], { help: true, args: [] }],
  ])('reads %j', (argv, expected) => {
    expect(parseCommandLine(stopCommand, argv)).toMatchObject(expected);
  });

  it.each([
    [['vm1', '--bogus'], 'unknown flag: --bogus'],
    [['vm1', '-x'], 'unknown flag: -x'],
    [['vm1', '--grace-period'], 'flag needs an argument: --grace-period'],
    [['vm1', '-n'], 'flag needs an argument: --namespace'],
    [['vm1', 'vm2'], 'accepts 1 argument (VM), received 2'],
    [[], 'accepts 1 argument (VM), received 0'],
  ])('refuses %j with a UsageError naming the cause', (argv, message) => {
    expect(() => parseCommandLine(stopCommand, argv)).toThrow(new UsageError(message));
  });
});

describe('commandHelp', () => {
  it('names the program, the flags and the global flags', () => {
    const help = commandHelp(stopCommand, 'kubectl virt');
    expect(help).toContain('Usage: kubectl virt stop VM [flags]');
    expect(help).toMatch(/--force\s+with --grace-period/);
    expect(help).toContain('--kubeconfig FILE');
  });
});
