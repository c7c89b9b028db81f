// Our server in its own process (so its RSS can be read from /proc and the load generator
// does not share its event loop). Started by run.mjs with the config in the environment.
import { loadConfig } from '../dist/src/config/app-config.js';
import { startServer } from '../dist/src/server.js';

const config = loadConfig(process.env);
const server = await startServer({ config, host: '127.0.0.1' });
process.send?.({ ready: true, port: server.port });
let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
