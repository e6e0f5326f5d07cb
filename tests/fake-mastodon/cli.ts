import { parseArgs } from 'node:util';
import { MASTODON_VERSIONS } from './context.ts';
import { startFakeMastodon, type FakeMastodonOptions, type MastodonVersion, type WebFlavour } from './index.ts';

/**
 * `npm run mastodon [-- --port 3000 --version 4.2 --window-ms 300000]`: a local Mastodon with
 * the demo data and Mastodon's real rate-limit windows. Prints `URL: …` and `Token: …`.
 */

const USAGE = `Usage: npm run mastodon -- [--port N] [--version ${MASTODON_VERSIONS.join('|')}] [--flavour vanilla|glitch] [--window-ms N]
       [--software mastodon|akkoma|pleroma|gotosocial]
       [--limit N] [--seed demo|empty] [--instance-blocks hidden|users|all] [--block-delay-ms N] [--auto-approve]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function positiveInteger(name: string, text: string | undefined, allowZero = false): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) fail(`--${name} needs a whole number${allowZero ? '' : ' above 0'}, not "${text}".`);
  return value;
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) fail(`--${name} must be one of ${allowed.join(', ')}, not "${text}".`);
  return text as T;
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string' },
      version: { type: 'string' },
      flavour: { type: 'string' },
      software: { type: 'string' },
      'window-ms': { type: 'string' },
      limit: { type: 'string' },
      seed: { type: 'string' },
      'instance-blocks': { type: 'string' },
      'block-delay-ms': { type: 'string' },
      'auto-approve': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const options: FakeMastodonOptions = {
  port: positiveInteger('port', args.port, true),
  version: oneOf<MastodonVersion>('version', args.version, MASTODON_VERSIONS),
  flavour: oneOf<WebFlavour>('flavour', args.flavour, ['vanilla', 'glitch']),
  software: oneOf('software', args.software, ['mastodon', 'akkoma', 'pleroma', 'gotosocial'] as const),
  windowMs: positiveInteger('window-ms', args['window-ms']),
  limitPerWindow: positiveInteger('limit', args.limit),
  seed: oneOf('seed', args.seed, ['demo', 'empty'] as const),
  instanceBlocksVisibility: oneOf('instance-blocks', args['instance-blocks'], ['hidden', 'users', 'all'] as const),
  blockSideEffectsDelayMs: positiveInteger('block-delay-ms', args['block-delay-ms'], true),
  autoApprove: args['auto-approve'],
};

const mastodon = await startFakeMastodon(options).catch((error: Error) => fail(`Could not start the local Mastodon: ${error.message}`));
console.log(`URL: ${mastodon.url}`);
console.log(`Token: ${mastodon.demoToken}`);
const SOFTWARE_NAMES = { akkoma: 'Akkoma', pleroma: 'Pleroma', gotosocial: 'GoToSocial' } as const;
const playing = options.software === undefined || options.software === 'mastodon' ? `Mastodon ${options.version ?? '4.6'}` : SOFTWARE_NAMES[options.software];
console.log(`${playing}${options.flavour === 'glitch' ? ' (glitch-soc, glitch flavour)' : ''} behaviour, signed in as @demo (open ${mastodon.url}/home); Ctrl+C stops it.`);

const stop = () => {
  mastodon.close().then(
    () => process.exit(0),
    (error: Error) => {
      console.error(`Stopping failed: ${error.message}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
