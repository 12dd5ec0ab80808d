import { DomainConversionError } from './domain-conversion-error.ts';
import type { DomainInput } from './domain-input.ts';
import { domainSpecFor } from './domain-spec-for.ts';
import { renderDomainXml } from './render-domain-xml.ts';
import { XmlCharacterError } from './xml-writer.ts';

/**
 * The libvirt domain XML for a VMI: `renderDomainXml(domainSpecFor(input))`. Every failure is a
 * DomainConversionError naming the field (a character XML cannot carry is reported against `spec`).
 */
export function domainXml(input: DomainInput): string {
  const domain = domainSpecFor(input);
  try {
    return renderDomainXml(domain);
  } catch (error) {
    if (error instanceof XmlCharacterError) throw new DomainConversionError('spec', error.message);
    throw error;
  }
}
