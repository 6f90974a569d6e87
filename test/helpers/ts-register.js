/**
 * Lets a child process run the TypeScript sources as they are (node -r ./test/helpers/ts-register.js
 * src/main.ts), compiled on load with the same SWC settings as jest, so a test can start the real
 * service in a process of its own without a build step.
 */
const fs = require('node:fs');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
  });
  module._compile(code, filename);
};
