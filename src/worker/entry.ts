/// <reference lib="webworker" />
/** Module worker entry: forwards messages to a Session (session.ts holds the logic). */
import { Session } from './session';
import type { ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new Session((msg, transfer) => scope.postMessage(msg, transfer));
scope.onmessage = (ev: MessageEvent<ToWorker>) => session.handle(ev.data);
