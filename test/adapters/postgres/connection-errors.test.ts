// A PostgreSQL restart terminates every connection ("terminating connection due to administrator command"). A
// connection that completes just then receives its ReadyForQuery and the termination in one packet, before the code
// that asked for it can listen for errors: that must fail the caller, not crash the process. A stand-in server
// speaks just enough of the protocol to send exactly that packet, every time.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { openPostgresStore } from '../../../src/adapters/postgres/postgres-store.js';

/** One backend message: type byte, length (itself included), body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const authenticationOk = message('R', Buffer.from([0, 0, 0, 0]));
const readyForQuery = message('Z', Buffer.from('I', 'latin1'));
const adminShutdown = message('E', Buffer.concat([
  ...[['S', 'FATAL'], ['V', 'FATAL'], ['C', '57P01'], ['M', 'terminating connection due to administrator command']]
    .map(([field, value]) => Buffer.from(`${field}${value}\0`, 'utf8')),
  Buffer.from([0]),
]));

/** The answer to the store's start-up check (`SELECT current_setting('autovacuum') AS autovacuum`): one text column. */
function autovacuumOn(): Buffer {
  const field = Buffer.alloc(18);
  field.writeInt32BE(0, 0); field.writeInt16BE(0, 4); field.writeInt32BE(25, 6); field.writeInt16BE(-1, 10);
  field.writeInt32BE(-1, 12); field.writeInt16BE(0, 16);
  const row = Buffer.alloc(8);
  row.writeInt16BE(1, 0); row.writeInt32BE(2, 2); row.write('on', 6, 'latin1');
  return Buffer.concat([
    message('T', Buffer.concat([Buffer.from([0, 1]), Buffer.from('autovacuum\0', 'latin1'), field])),
    message('D', row), message('C', Buffer.from('SELECT 1\0', 'latin1')), readyForQuery,
  ]);
}

describe('PostgreSQL store: a connection terminated as it completes', () => {
  let server: Server;
  let port = 0;
  /** Connections answered normally before the one that is terminated as it completes. */
  let healthy = 0;
  const sockets = new Set<Socket>();

  before(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      socket.once('data', () => {
        if (healthy > 0) {
          // Completes the connection, answers the start-up check, then goes away (the pool drops the idle client).
          healthy--;
          socket.write(Buffer.concat([authenticationOk, readyForQuery]));
          socket.once('data', () => { socket.write(autovacuumOn()); setTimeout(() => socket.end(), 20); });
          return;
        }
        // The client's first message is its startup packet; the answer completes the connection and ends it at once.
        socket.write(Buffer.concat([authenticationOk, readyForQuery, adminShutdown]));
        socket.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Runs `work`, failing the test if any error escapes as an uncaught exception meanwhile (or just after). */
  async function withoutCrash(work: () => Promise<void>): Promise<void> {
    const crashes: unknown[] = [];
    const onUncaught = (error: unknown) => { crashes.push(error); };
    process.on('uncaughtException', onUncaught);
    try {
      await work();
      // The termination is handled in the same tick as the connection; give any stray emit a turn to surface.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    assert.deepEqual(crashes.map((e) => (e as Error).message), [], 'no error escaped as an uncaught exception');
  }

  it('at start-up: fails the caller (cannot connect, with what to check) instead of crashing the process', async () => {
    healthy = 0;
    await withoutCrash(() => assert.rejects(openPostgresStore(`postgres://tributary@127.0.0.1:${port}/tributary`, { max: 1 }),
      /^Error: cannot connect to PostgreSQL at postgres:\/\/tributary@127\.0\.0\.1:\d+\/tributary: .+\. Is DATABASE_URL right and the server up\?$/));
  });

  it('for a transaction on a new connection: fails the transaction (the consumer retries it) instead of crashing the process', async () => {
    healthy = 1;
    const store = await openPostgresStore(`postgres://tributary@127.0.0.1:${port}/tributary`, { max: 1 });
    try {
      // The start-up connection has gone away; the transaction needs a new one, and gets the terminated one.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await withoutCrash(() => assert.rejects(store.transaction(async (tx) => { await tx.query('SELECT 1'); })));
    } finally {
      await store.close().catch(() => {});
    }
  });
});
