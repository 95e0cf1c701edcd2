// A stand-in for the HTTP front thread that starts listening, says so, and ends at once,
// as the real one would on a fault of its own (test/adapters/slack/slack-front.test.ts).
import { parentPort } from 'node:worker_threads';

parentPort.postMessage({ type: 'listening', port: 1, threadId: undefined });
setTimeout(() => process.exit(3), 50);
