import { readFile } from 'node:fs/promises';
import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';

describe('schema', () => {
  it('matches the committed schema/schema.graphql (run `npm run codegen` after changing it)', async () => {
    const committed = await readFile(new URL('../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSchema(schema));
  });

  it('describes every type, field and argument, as GraphiQL shows them', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description && !['Query', 'String', 'Int', 'Boolean', 'ID', 'Float'].includes(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps UNKNOWN in every enum that mirrors an AWS enum', () => {
    for (const name of ['FleetEventCode', 'FleetStatus', 'FleetType', 'ComputeType']) {
      const type = getNamedType(schema.getType(name) ?? undefined);
      expect(isEnumType(type) && type.getValue('UNKNOWN')).toBeTruthy();
    }
    const codes = schema.getType('FleetEventCode');
    expect(isEnumType(codes) && codes.getValues().length).toBe(58);
  });
});
