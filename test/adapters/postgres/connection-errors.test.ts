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

describe('PostgreSQL store: a connection terminated as it completes', () => {
  let server: Server;
  let port = 0;
  const sockets = new Set<Socket>();

  before(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      // The client's first message is its startup packet; the answer completes the connection and ends it at once.
      socket.once('data', () => {
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

  it('fails the caller (cannot connect, with what to check) instead of crashing the process', async () => {
    const crashes: unknown[] = [];
    const onUncaught = (error: unknown) => { crashes.push(error); };
    process.on('uncaughtException', onUncaught);
    try {
      await assert.rejects(openPostgresStore(`postgres://tributary@127.0.0.1:${port}/tributary`, { max: 1 }),
        /^Error: cannot connect to PostgreSQL at postgres:\/\/tributary@127\.0\.0\.1:\d+\/tributary: .+\. Is DATABASE_URL right and the server up\?$/);
      // The termination is handled in the same tick as the connection; give any stray emit a turn to surface.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    assert.deepEqual(crashes.map((e) => (e as Error).message), [], 'no error escaped as an uncaught exception');
  });
});
