import { startApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { StartupError } from './startup-error.ts';

/** `npm start`: run the whole product on embedded defaults and print where to find it. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  console.log(`Starting… (data folder: ${config.dataDir})`);
  const app = await startApp(config, { logger });
  console.log(`
  Web chat:          ${app.url}/
  Help center:       ${app.url}/help
  Chat API:          POST ${app.url}/api/chat
  Agent console:     ${app.url}/admin/
  Knowledge editor:  ${app.url}/admin/knowledge.html
  Analytics:         ${app.url}/admin/analytics.html
  Admin API:         ${app.url}/api/admin/ (OpenAPI: ${app.url}/api/openapi.json)
  Knowledge base version ${app.knowledge.version}, languages: ${app.knowledge.languages.join(', ')}
`);
  const first = app.admin.firstAdmin;
  if (first.created && first.source === 'generated') {
    console.log(`  First console account (shown once, change it after signing in):
    email:    ${first.email}
    password: ${first.password}
  Or set ADMIN_EMAIL and ADMIN_PASSWORD before the first start.
`);
  } else if (first.created) {
    console.log(`  Console account ${first.email} created from ADMIN_EMAIL / ADMIN_PASSWORD.\n`);
  }
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  // What an operator can fix is said in one line; anything else with its stack.
  console.error(err instanceof StartupError ? `Cannot start: ${err.message}` : err);
  process.exit(1);
});
