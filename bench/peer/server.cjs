// The peer: PostGraphile 4.14 on the same tables (its own graphql 15 in bench/peer/node_modules).
//   node bench/peer/server.cjs <database url>   → {"ready", "port"} on IPC
// It reads the schema by introspection; two SQL functions made by bench/data.mjs give it what
// the GraphQL server computes: org_unit_open_request_count (computed column openRequestCount)
// and secretary_queue (the query field secretaryQueue).
const http = require('node:http');
const { postgraphile } = require('postgraphile');

// The same statement timeout as our server's default (STATEMENT_TIMEOUT_MS) and the floor's.
const url = `${process.argv[2]}${process.argv[2].includes('?') ? '&' : '?'}options=${encodeURIComponent('-c statement_timeout=15000')}`;
const middleware = postgraphile(url, 'public', {
  disableDefaultMutations: true,
  graphiql: false,
  disableQueryLog: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: true,
  retryOnInitFail: false,
  bodySizeLimit: '1MB',
});
const server = http.createServer(middleware);
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send && process.send({ ready: true, port: server.address().port }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
