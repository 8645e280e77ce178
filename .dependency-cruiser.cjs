/**
 * Module boundaries of Attune (docs/ARCHITECTURE.md). Ranks, low to high:
 *   audit → auth → clinic → patients → consent → scheduling → records → feedback → reflection
 * (consent ranks below scheduling so booking can ask whether consent is in place: decision 0004)
 * A module imports only lower ranks, and only through their index.ts. Nothing imports reflection.
 */
const RANKS = ['audit', 'auth', 'clinic', 'patients', 'consent', 'scheduling', 'records', 'feedback', 'reflection'];
const higherThan = (i) => RANKS.slice(i + 1).join('|');

const rankRules = RANKS.slice(0, -1).map((rank, i) => ({
  name: `rank-${rank.replace('|', '-')}`,
  comment: `${rank} may not import a higher-ranked module (${higherThan(i)})`,
  severity: 'error',
  from: { path: `^src/server/modules/(${rank})/` },
  to: { path: `^src/server/modules/(${higherThan(i)})/` },
}));

module.exports = {
  forbidden: [
    ...rankRules,
    {
      name: 'through-index-only',
      comment: "Another module's internals are private: import its index.ts",
      severity: 'error',
      from: { path: '^src/server/modules/([^/]+)/' },
      to: { path: '^src/server/modules/([^/]+)/', pathNot: ['^src/server/modules/$1/', '^src/server/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'nothing-reads-reflection',
      comment: "The therapist's private room: reflection may read others, nothing reads it",
      severity: 'error',
      // The composition root mounts it; nothing else may read it.
      from: { pathNot: '^src/(server/modules|web/modules|shared)/reflection/|^src/server/(app|migrations)\\.ts$|^src/web/app\\.tsx$' },
      to: { path: '/reflection/' },
    },
    {
      name: 'sql-at-the-edges',
      comment: 'Only stores, migrations and the platform touch Kysely',
      severity: 'error',
      from: { path: '^src/server/modules/', pathNot: ['(^|/|-)store\\.ts$', '/migrations/', '\\.test\\.ts$'] },
      to: { path: 'node_modules/kysely/' },
    },
    {
      name: 'http-at-the-edges',
      comment: 'Only routes.ts (or <name>-routes.ts) and platform/http touch Fastify',
      severity: 'error',
      from: {
        path: '^src/server/',
        pathNot: ['(/|-)routes\\.ts$', '^src/server/platform/http/', '^src/server/app\\.ts$', '\\.test\\.ts$'],
      },
      to: { path: 'node_modules/(fastify|@fastify)/' },
    },
    {
      name: 'platform-knows-no-module',
      comment: 'The platform serves modules; it never imports them',
      severity: 'error',
      from: { path: '^src/server/platform/' },
      to: { path: '^src/server/modules/' },
    },
    {
      name: 'shared-is-portable',
      comment: 'src/shared runs in the browser and on the server: no Node built-ins, no server code',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/server/|^src/web/', dependencyTypes: ['local', 'core'] },
    },
    {
      name: 'shared-no-node',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'web-never-imports-server',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js'],
    },
  },
};
