import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from './src/schema/index.js';

/**
 * Prints the schema Pothos builds to schema/schema.graphql (committed, so API changes show in
 * review; a test fails when it is stale) and types the operations tests and tools send.
 */
const config: CodegenConfig = {
  schema: printSchema(schema),
  documents: ['test/operations/**/*.graphql'],
  generates: {
    'schema/schema.graphql': { plugins: ['schema-ast'] },
    'test/generated/operations.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
      },
    },
  },
};

export default config;
