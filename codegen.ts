import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from './src/schema/index.js';

/**
 * Prints the schema Pothos builds to schema/schema.graphql (committed, so API changes show in
 * review; a test fails when it is stale) and types the operations tests and tools send: test/operations/ into
 * test/generated/, and the command line's (src/cli/operations.graphql) into src/cli/generated.ts.
 */
const typedDocuments = {
  plugins: ['typescript-operations', 'typed-document-node'],
  config: {
    scalars: { DateTime: 'string' },
    enumsAsTypes: true,
    useTypeImports: true,
    avoidOptionals: { field: true, inputValue: false, object: true },
  },
};

const config: CodegenConfig = {
  schema: printSchema(schema),
  generates: {
    'schema/schema.graphql': { plugins: ['schema-ast'] },
    'test/generated/operations.ts': { documents: ['test/operations/**/*.graphql'], ...typedDocuments },
    // The operations of `npx fleetgraph` (src/cli/), compiled with the CLI.
    'src/cli/generated.ts': { documents: ['src/cli/operations.graphql'], ...typedDocuments },
  },
};

export default config;
