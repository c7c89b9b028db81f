import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { createDataSource } from './database/data-source.js';
import { runningPostmaster, startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { revertLastMigration, runMigrationsLocked } from './database/migration-runner.js';
import { formatProblem, importTree, parseTreeFile, treeFileFormat, TreeImportError } from './modules/org/index.js';
import { DomainError } from './common/errors/domain-error.js';
import { Role } from './common/auth/role.js';
import { CalendarAdmin, parseCalendarCsv } from './modules/calendar/index.js';
import { IMPORT_BATCH_LIMIT, parseImportCsv, RequestImporter } from './modules/requests/index.js';
import { importFacilities, parseFacilityFile } from './modules/facilities/index.js';
import { AuditService } from './modules/audit/index.js';
import { startServer } from './server.js';

const USAGE = `usage: node dist/src/cli.js <command>

  import <file>               import a tree from .csv or .geojson/.json (all rows or none)
  import-requests <file.csv>  import service requests from another system's history
                              (all rows or none; rows already imported are skipped)
  import-facilities <file>    import courtyard facilities from .csv or .geojson/.json (all rows or none)
  calendar:import <file.csv>  set calendar days (a State Council notice): date,workday,note
                              (all rows or none; see examples/calendar-2027.csv)
  migration:run               apply pending migrations
  migration:revert            revert the last applied migration
  migration:generate <name>   write a skeleton migrations/<timestamp>-<name>.ts
  schema:print [file]         print the GraphQL schema (SDL) to stdout or to a file

The database is DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (as for the server).`;

/** Where migration sources live, from dist/src/cli.js and from src/cli.ts alike. */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** A failure the user can act on: printed without a stack trace. */
class CliError extends Error {}

async function main(args: string[]): Promise<void> {
  const [command, argument] = args;
  switch (command) {
    case 'import':
      if (!argument) throw new CliError('import needs a file: import <file.csv|file.geojson>');
      return importFile(argument);
    case 'import-requests':
      if (!argument) throw new CliError('import-requests needs a file: import-requests <file.csv>');
      return importRequestsFile(argument);
    case 'import-facilities':
      if (!argument) throw new CliError('import-facilities needs a file: import-facilities <file.csv|file.geojson>');
      return importFacilitiesFile(argument);
    case 'calendar:import':
      if (!argument) throw new CliError('calendar:import needs a file: calendar:import <file.csv>');
      return importCalendarFile(argument);
    case 'migration:run':
      return withDatabase(async (dataSource) => {
        const applied = await runMigrationsLocked(dataSource);
        say(applied.length > 0 ? `applied ${applied.join(', ')}` : 'no pending migrations');
      });
    case 'migration:revert':
      return withDatabase(revertMigration);
    // migration:create is the name package.json's script uses.
    case 'migration:generate':
    case 'migration:create':
      if (!argument) throw new CliError(`${command} needs a name, e.g. ${command} add-resident`);
      return generateMigration(argument);
    case 'schema:print':
      return printGraphQLSchema(argument);
    case undefined:
    case 'help':
    case '--help':
      say(USAGE);
      return;
    default:
      throw new CliError(`unknown command ${command}\n\n${USAGE}`);
  }
}

async function importFile(file: string): Promise<void> {
  const format = treeFileFormat(file);
  if (!format) throw new CliError(`${file}: cannot tell the format; name the file .csv, .geojson or .json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
  const parsed = parseTreeFile(text, format);
  await withDatabase(async (dataSource) => {
    await runMigrationsLocked(dataSource);
    try {
      const summary = await importTree(dataSource, parsed);
      const levels = Object.entries(summary.byLevel).map(([level, n]) => `${n} ${level}`);
      say(`${file}: imported ${summary.total} units (${levels.join(', ')})`);
    } catch (error) {
      if (!(error instanceof TreeImportError)) throw error;
      const count = error.problems.length;
      throw new CliError(
        `${file}: nothing imported, ${count} problem${count === 1 ? '' : 's'}:\n${error.problems.map(formatProblem).join('\n')}`,
      );
    }
  });
}

/** Rows over the batch limit go in batches of 1,000, each all or nothing; a bad row stops before anything is written. */
async function importRequestsFile(file: string): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
  const parsed = parseImportCsv(text);
  if (parsed.problems.length > 0) throw new CliError(`${file}: nothing imported:\n${parsed.problems.join('\n')}`);
  const config = loadConfig();
  await withDatabase(async (dataSource) => {
    await runMigrationsLocked(dataSource);
    const [admin]: { id: string }[] = await dataSource.query(
      `SELECT id::text AS id FROM app_user WHERE lower(username) = lower($1) AND role = 'CITY_ADMIN'`,
      [config.ADMIN_USERNAME],
    );
    const importer = RequestImporter.forDataSource(dataSource, config);
    const total = { imported: 0, skipped: 0 };
    for (let start = 0; start < parsed.cases.length; start += IMPORT_BATCH_LIMIT) {
      const batch = parsed.cases.slice(start, start + IMPORT_BATCH_LIMIT);
      try {
        const summary = await importer.importCases(batch, { userId: admin?.id ?? null, via: 'cli' });
        total.imported += summary.imported;
        total.skipped += summary.skipped;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const match = /^input\.(\d+)\.(.+)$/.exec(error.field ?? '');
        const where = match ? `line ${parsed.lines[start + Number(match[1])]}: ${match[2].replace('unitId', 'unit_code')}: ` : '';
        throw new CliError(
          `${file}: ${start > 0 ? `rows before line ${parsed.lines[start]} were imported; that batch and the rest were not` : 'nothing imported'}:\n${where}${error.message}`,
        );
      }
    }
    say(`${file}: imported ${total.imported} requests, skipped ${total.skipped} imported before`);
  });
}

/** Facilities of many courtyards at once, all or none, recorded in the audit log as the bootstrap admin's. */
async function importFacilitiesFile(file: string): Promise<void> {
  const format = treeFileFormat(file);
  if (!format) throw new CliError(`${file}: cannot tell the format; name the file .csv, .geojson or .json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
  const parsed = parseFacilityFile(text, format);
  const listed = (problems: { at: string; message: string }[]) => problems.map((p) => `${p.at}: ${p.message}`).join('\n');
  if (parsed.problems.length > 0) throw new CliError(`${file}: nothing imported, ${parsed.problems.length} problem(s):\n${listed(parsed.problems)}`);
  const config = loadConfig();
  await withDatabase(async (dataSource) => {
    await runMigrationsLocked(dataSource);
    const imported = await dataSource.transaction('READ COMMITTED', async (tx) => {
      const result = await importFacilities(tx, parsed.rows);
      if (result.problems.length > 0) throw new CliError(`${file}: nothing imported, ${result.problems.length} problem(s):\n${listed(result.problems)}`);
      const [admin]: { id: string }[] = await tx.query(
        `SELECT id::text AS id FROM app_user WHERE lower(username) = lower($1) AND role = 'CITY_ADMIN'`,
        [config.ADMIN_USERNAME],
      );
      await new AuditService(dataSource).record(
        { action: 'FACILITIES_IMPORTED', actor: admin ? { userId: admin.id, role: Role.CITY_ADMIN, address: null } : null, targetType: 'Facility', summary: { file, imported: result.imported, via: 'cli' } },
        tx,
      );
      return result.imported;
    });
    say(`${file}: imported ${imported} facilities`);
  });
}

/** A year's notice (or any days) as setCalendarDays sets them: all rows or none, audited as the first CITY_ADMIN. */
async function importCalendarFile(file: string): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
  const parsed = parseCalendarCsv(text);
  if (parsed.problems.length > 0) throw new CliError(`${file}: nothing imported:\n${parsed.problems.join('\n')}`);
  const config = loadConfig();
  await withDatabase(async (dataSource) => {
    await runMigrationsLocked(dataSource);
    const [admin]: { id: string }[] = await dataSource.query(
      `SELECT id::text AS id FROM app_user WHERE lower(username) = lower($1) AND role = 'CITY_ADMIN'`,
      [config.ADMIN_USERNAME],
    );
    const actor = admin ? { userId: admin.id, role: Role.CITY_ADMIN, address: null } : null;
    try {
      const days = await CalendarAdmin.forDataSource(dataSource, config).writeDays(parsed.days, { actor, via: 'cli' });
      const off = days.filter((d) => !d.workday).length;
      say(`${file}: set ${days.length} days (${days.length - off} workdays, ${off} days off)`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const match = /^input\.(\d+)\./.exec(error.field ?? '');
      throw new CliError(`${file}: nothing imported:\n${match ? `line ${parsed.lines[Number(match[1])]}: ` : ''}${error.message}`);
    }
  });
}

async function revertMigration(dataSource: DataSource): Promise<void> {
  const [last]: { name: string }[] = await dataSource
    .query(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`)
    .catch(() => []);
  if (!last) {
    say('no migration to revert');
    return;
  }
  await revertLastMigration(dataSource);
  say(`reverted ${last.name}`);
}

function generateMigration(name: string): void {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name)) {
    throw new CliError('a migration name is lower-case letters, digits and dashes, starting with a letter (e.g. add-resident)');
  }
  const timestamp = Date.now();
  const className = `${name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')}${timestamp}`;
  const path = resolve(MIGRATIONS_DIR, `${timestamp}-${name}.ts`);
  if (existsSync(path)) throw new CliError(`${path} already exists`);
  writeFileSync(
    path,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
    await q.query(\`
      -- the change, in SQL
    \`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(\`
      -- its exact undo, in SQL
    \`);
  }
}
`,
  );
  say(`wrote ${path}`);
  say(`now add it to migrations/index.ts: import { ${className} } from './${timestamp}-${name}.js'; and append it to MIGRATIONS`);
}

/** Boots the real app (no HTTP traffic, no demo seed) to print the schema it builds. */
async function printGraphQLSchema(outputFile: string | undefined): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  refuseBusyEmbeddedDatabase(config);
  const server = await startServer({ config, host: '127.0.0.1' });
  try {
    const sdl = `${printSchema(server.app.get(GraphQLSchemaHost).schema)}\n`;
    if (outputFile) {
      writeFileSync(outputFile, sdl);
      say(`wrote ${outputFile}`);
    } else {
      process.stdout.write(sdl);
    }
  } finally {
    await server.close();
  }
}

/** Connects as the server would (DATABASE_URL or the embedded database), runs `work`, disconnects. */
async function withDatabase(work: (dataSource: DataSource) => Promise<void>): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    refuseBusyEmbeddedDatabase(config);
    embedded = await startEmbeddedPostgres(config.DATA_DIR, (message) => process.stderr.write(`${message}\n`));
    url = embedded.url;
  }
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'grid-governance-cli' });
  try {
    await dataSource.initialize();
    await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

/**
 * Starting the embedded database stops any postmaster still holding DATA_DIR (meant for
 * one left by a crash); from the CLI that would pull the database from under a running
 * server, so refuse instead.
 */
function refuseBusyEmbeddedDatabase(config: AppConfig): void {
  if (!config.embeddedDatabase) return;
  const pid = runningPostmaster(resolve(config.DATA_DIR, 'pg'));
  if (pid === null) return;
  throw new CliError(
    `the embedded database in ${config.DATA_DIR} is in use (postmaster pid ${pid}, probably a running server); ` +
      'stop the server first, or point DATABASE_URL at the server it uses',
  );
}

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof CliError || error instanceof ConfigError;
  process.stderr.write(`${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
