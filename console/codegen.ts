import type { CodegenConfig } from '@graphql-codegen/cli';

// Types of every operation in the console, from the schema the server serves
// (console/schema.graphql, printed by `npm run schema:print`). Run: npm run console:codegen
const config: CodegenConfig = {
  schema: 'console/schema.graphql',
  documents: ['console/src/**/*.{ts,tsx}', '!console/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'console/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { DateTime: 'string' } },
    },
  },
};
export default config;
