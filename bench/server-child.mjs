// Our server in its own process (so its RSS can be read from /proc and the load generator
// does not share its event loop). Started by run.mjs with the config in the environment.
// On IPC {profile: 'start'} / {profile: 'stop', file} it records a CPU profile of just that
// span (node:inspector), so each scenario gets its own profile without the start-up.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
// BENCH_SERVER_DIST: another build of the server (for trying a proposed fix); default ../dist.
const dist = process.env.BENCH_SERVER_DIST ?? new URL('../dist', import.meta.url).pathname;
const { loadConfig } = await import(`${dist}/src/config/app-config.js`);
const { startServer } = await import(`${dist}/src/server.js`);

const config = loadConfig(process.env);
const server = await startServer({ config, host: '127.0.0.1' });
let session;
process.on('message', async (m) => {
  try {
    if (m?.profile === 'start') {
      if (!session) {
        session = new Session();
        session.connect();
      }
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 500 });
      await session.post('Profiler.start');
      process.send?.({ profiling: true });
    } else if (m?.profile === 'stop') {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(m.file, JSON.stringify(profile));
      process.send?.({ profiled: m.file });
    }
  } catch (error) {
    process.send?.({ profileError: String(error) });
  }
});
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
