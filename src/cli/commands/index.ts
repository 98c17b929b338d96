/**
 * @module cli/commands — the command registry. Each command is one file that declares its options and loads its
 * implementation lazily in the action (so `gatehouse scan` never pays for the report or TLS code). Add a command:
 * one file here, one line below.
 */
import type { Command } from 'commander';
import type { ExitBox } from './io.js';
import { registerScan } from './scan.js';
import { registerHistory } from './history.js';
import { registerPorts } from './ports.js';
import { registerLocal } from './local.js';
import { registerHarden } from './harden.js';
import { registerTls } from './tls.js';
import { registerReport } from './report.js';
import { registerExplain } from './explain.js';
import { registerPlan } from './plan.js';
import { registerServe } from './serve.js';
import { registerDiff } from './diff.js';
import { registerDiscover } from './discover.js';
import { registerWorker } from './worker.js';

export type RegisterCommand = (program: Command, exit: ExitBox) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  registerScan,
  registerHistory,
  registerPorts,
  registerLocal,
  registerHarden,
  registerTls,
  registerReport,
  registerExplain,
  registerPlan,
  registerServe,
  registerDiff,
  registerDiscover,
  registerWorker,
];
