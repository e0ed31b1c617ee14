// Lint holds the layer table of DESIGN.md: dependencies point down, no cycles, and nothing
// below src/ui reads the wall clock, randomness or host timers (time and chance are inputs).
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

// Layers in order; each may import only from the layers listed for it.
const allowed = {
  wire: [],
  engine: [],
  stack: ['wire', 'engine'],
  os: ['wire', 'engine', 'stack'],
  services: ['wire', 'engine', 'stack', 'os'],
  commands: ['wire', 'engine', 'stack', 'os', 'services'],
  shell: ['wire', 'engine', 'stack', 'os', 'services', 'commands'],
  capture: ['wire', 'engine'],
  scenario: ['wire', 'engine', 'stack', 'os', 'services', 'commands', 'shell', 'capture'],
  sim: ['wire', 'engine', 'stack', 'os', 'services', 'commands', 'shell', 'capture', 'scenario'],
  cli: ['wire', 'engine', 'stack', 'os', 'services', 'commands', 'shell', 'capture', 'scenario', 'sim'],
  ui: ['sim'],
};
const zones = Object.entries(allowed).map(([layer, deps]) => ({
  target: `./src/${layer}`,
  from: './src',
  except: [`./${layer}`, ...deps.map((d) => `./${d}`), './platform.d.ts'],
  message: `src/${layer} may import only from: ${deps.join(', ') || 'nothing of ours'} (see DESIGN.md layers)`,
}));

const clockAndChance = {
  'no-restricted-globals': ['error',
    { name: 'setTimeout', message: 'Use the simulation scheduler (virtual time).' },
    { name: 'setInterval', message: 'Use the simulation scheduler (virtual time).' },
    { name: 'setImmediate', message: 'Use the simulation scheduler (virtual time).' },
    { name: 'performance', message: 'Use the simulation clock.' },
  ],
  'no-restricted-properties': ['error',
    { object: 'Date', property: 'now', message: 'Use the simulation clock.' },
    { object: 'Math', property: 'random', message: 'Use the simulation RNG (engine/rng).' },
    { object: 'performance', property: 'now', message: 'Use the simulation clock.' },
    { object: 'globalThis', property: 'setTimeout', message: 'Use the simulation scheduler.' },
    { object: 'globalThis', property: 'setInterval', message: 'Use the simulation scheduler.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'tests/artifacts/**', '**/*.svelte'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } } },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/ui/**', 'src/main.ts', 'src/**/*.test.ts'], rules: clockAndChance },
);
