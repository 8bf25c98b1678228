// Where a run's reports go that more than one command reads: the last run's result, which
// `explain` shows.
import { join } from 'node:path';
import { stateDir } from '../state-dir.ts';

export const lastRunPath = () => join(stateDir(), 'last-run.json');
