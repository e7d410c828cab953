// A PostgreSQL database of its own for one benchmark run, dropped after it: a benchmark never writes into a
// database someone uses. The server is BENCH_PG_URL (default: the local postgres superuser).
import pg from 'pg';

const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase { url: string; drop(): Promise<void> }

async function admin(sql: string): Promise<void> {
  const client = new pg.Client(PG_ADMIN);
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `tributary_bench_${process.pid}_${Date.now()}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name}`) };
}
