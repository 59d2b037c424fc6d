/** Every CLI command, registered in this order. Add a command: write commands/<name>.ts and list it here. */
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { register as score } from './score';
import { register as sweep } from './sweep';
import { register as snapshot } from './snapshot';
import { register as replay } from './replay';
import { register as report } from './report';
import { register as demo } from './demo';
import { register as checkPolicy } from './check-policy';
import { register as redrive } from './redrive';

export type RegisterCommand = (program: Command, io: CliIo) => void;

export const COMMANDS: RegisterCommand[] = [score, replay, sweep, snapshot, report, demo, checkPolicy, redrive];
