import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@bridge/persistence';

/** Opens a data source and applies pending TypeORM migrations; the caller closes it. */
export async function runMigrations(databaseUrl: string): Promise<DataSource> {
  const db = new DataSource(dataSourceOptions(databaseUrl, { size: 4 }));
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  return db;
}
