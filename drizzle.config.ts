// drizzle-kit: `npx drizzle-kit generate` writes SQL migrations from db/schema.ts into
// db/migrations (committed); the app applies them itself on first use (db/client.ts).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  schema: './db/schema.ts',
  out: './db/migrations',
  dialect: 'turso',
  dbCredentials: {
    url: process.env.DATABASE_URL ?? `file:${process.env.DATA_DIR ?? './data'}/mcp-health.db`,
    authToken: process.env.DATABASE_AUTH_TOKEN,
  },
});
