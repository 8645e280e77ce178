// The therapist's private room. Only the composition root (app.ts, migrations.ts) imports this.
export { reflectionMigrations } from './migrations/index.js';
export { registerReflectionRoutes } from './routes.js';
