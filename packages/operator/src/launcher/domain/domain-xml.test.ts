import { describe, expect, it } from 'vitest';
import { DomainConversionError } from './domain-conversion-error.ts';
import { domainSpecFor } from './domain-spec-for.ts';
import { domainXml } from './domain-xml.ts';
import { renderDomainXml } from './render-domain-xml.ts';
import { testDomainInput } from './test-domain-input.ts';

describe('domainXml', () => {
  it('renders the model domainSpecFor builds', () => {
    const input = testDomainInput();
    expect(domainXml(input)).toBe(renderDomainXml(domainSpecFor(input)));
  });

  it('reports a character XML cannot carry as a DomainConversionError', () => {
    const input = testDomainInput();
    const bad = { ...input, disks: { rootdisk: { kind: 'iso', path: '/ci\u0001.iso' } } as const };
    expect(() => domainXml(bad)).toThrow(DomainConversionError);
    expect(() => domainXml(bad)).toThrow(/^spec: .*U\+0001/);
  });

  it('passes conversion errors through unchanged', () => {
    const input = testDomainInput();
    expect(() => domainXml({ ...input, disks: {} })).toThrow(
      "spec.domain.devices.disks[0].name: volume 'rootdisk' was not prepared on disk",
    );
  });
});
