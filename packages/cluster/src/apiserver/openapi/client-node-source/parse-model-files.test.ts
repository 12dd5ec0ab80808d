import { describe, expect, it } from 'vitest';
import {
  parseAttributeTypeMap,
  parseModelDeclaration,
  referencedModels,
} from './parse-model-files.ts';

const js = `export class V1Thing {}
V1Thing.attributeTypeMap = [
    { "name": "name", "baseName": "name", "type": "string", "format": "" },
    { "name": "ref", "baseName": "$ref", "type": "Array<V1Other>", "format": "" }
];
`;

const dts = `import { V1Other } from '../models/V1Other.js';
/**
* A thing\\'s \\"description\\".
*/
export declare class V1Thing {
    /**
    * The name.
    */
    'name': string;
    'ref'?: Array<V1Other>;
    /**
    * A map.
    */
    'labels'?: {
        [key: string]: string;
    };
}
`;

describe('parseAttributeTypeMap', () => {
  it('reads the attributes of a model module', () => {
    expect(parseAttributeTypeMap('V1Thing', js)).toEqual([
      { name: 'name', baseName: 'name', type: 'string', format: '' },
      { name: 'ref', baseName: '$ref', type: 'Array<V1Other>', format: '' },
    ]);
  });

  it.each([
    ['no map', 'export class V1Thing {}', 'model V1Thing has no attributeTypeMap'],
    ['a bad entry', 'V1Thing.attributeTypeMap = [{ "name": 1 }];', 'model V1Thing: malformed'],
  ])('names the model when it finds %s', (_label, text, message) => {
    expect(() => parseAttributeTypeMap('V1Thing', text)).toThrow(message);
  });
});

describe('parseModelDeclaration', () => {
  it('reads the class and property descriptions, unescaping quotes, and optionality', () => {
    const declaration = parseModelDeclaration(dts);

    expect(declaration.description).toBe('A thing\'s "description".');
    expect(Object.fromEntries(declaration.properties)).toEqual({
      name: { description: 'The name.', optional: false },
      ref: { description: undefined, optional: true },
      labels: { description: 'A map.', optional: true },
    });
  });
});

describe('referencedModels', () => {
  it.each([
    ['Array<V1Container>', ['V1Container']],
    ['{ [key: string]: V1Quota; }', ['V1Quota']],
    ['{ [key: string]: string; }', []],
    ['IntOrString', []],
  ])('finds the models named by %s', (type, models) => {
    expect(referencedModels(type)).toEqual(models);
  });
});
