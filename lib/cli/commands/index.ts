/** Every CLI command, registered in this order. Add a command: write commands/<name>.ts and list it here. */
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { register as score } from './score';

export type RegisterCommand = (program: Command, io: CliIo) => void;

export const COMMANDS: RegisterCommand[] = [score];
